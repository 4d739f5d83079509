#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file atomically: a temporary file beside it, every byte, `fsync`, `rename`
/// over the target, `fsync` of the directory. A reader sees the old file or the new one, never
/// part of one; a crash leaves at worst a `.NAME.tmp-…` file behind, never a partial target.
///
/// The target is never followed if it is a symbolic link: the write is refused, so an export
/// cannot be redirected into a file the link points at (nor replace the link silently).
enum AtomicFile {
    /// What went wrong, naming the call, the path and the errno.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        var st = stat()
        if lstat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK {
                throw Failure(description: "'\(path)' is a symbolic link; refusing to write through or over it (remove the link or name its target)")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                throw Failure(description: "'\(path)' is a directory")
            }
        }
        let (directory, name) = split(path)
        let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try call("open", temporary) { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        var renamed = false
        defer { if !renamed { _ = unlink(temporary) } }
        do {
            try bytes.withUnsafeBytes { buffer in
                var done = 0
                while done < buffer.count {
                    let rest = UnsafeRawBufferPointer(rebasing: buffer[done...])
                    done += try call("write", temporary) { Glibc.write(fd, rest.baseAddress, rest.count) }
                }
            }
            _ = try call("fsync", temporary) { fsync(fd) }
        } catch {
            _ = close(fd)
            throw error
        }
        _ = try call("close", temporary, retry: false) { close(fd) }
        _ = try call("rename", "\(temporary) to \(path)") { rename(temporary, path) }
        renamed = true
        let dirFD = try call("open", directory) { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = close(dirFD) }
        _ = try call("fsync", directory) { fsync(dirFD) }
    }

    /// The directory (`.` when none is named) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Runs a libc call, retrying EINTR; -1 becomes a `Failure` naming the call, subject and errno.
    private static func call<I: FixedWidthInteger>(_ name: String, _ subject: String, retry: Bool = true, _ f: () -> I) throws -> I {
        while true {
            let result = f()
            if result != -1 { return result }
            let error = errno
            if retry, error == EINTR { continue }
            throw Failure(description: "\(name) \(subject): \(String(cString: strerror(error))) (errno \(error))")
        }
    }
}
