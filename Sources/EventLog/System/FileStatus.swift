#if canImport(Glibc)
import Glibc
#endif

/// What a path or descriptor refers to: its kind, size and identity (device and inode).
///
/// Identity is what tells "the same file" from "a file at the same name": a lock file or a
/// directory replaced under a running process has another `(device, inode)`.
package struct FileStatus: Sendable, Equatable {
    /// The file types tslog tells apart.
    package enum Kind: Sendable, Equatable {
        case regular, directory, symbolicLink, fifo, socket, characterDevice, blockDevice, other
    }

    package var kind: Kind
    package var size: Int
    package var device: UInt64
    package var inode: UInt64
    /// The permission bits (`st_mode & 0o777`).
    package var permissions: mode_t

    init(_ st: stat) {
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        default: kind = .other
        }
        size = Int(st.st_size)
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        permissions = st.st_mode & 0o777
    }

    /// Whether both name the same file (same device and inode).
    package func isSameFile(as other: FileStatus) -> Bool { device == other.device && inode == other.inode }

    /// The kind in words, for messages: "a FIFO", "a symbolic link", ….
    package var kindDescription: String {
        switch kind {
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .symbolicLink: return "a symbolic link"
        case .fifo: return "a FIFO (named pipe)"
        case .socket: return "a socket"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .other: return "a special file"
        }
    }
}
