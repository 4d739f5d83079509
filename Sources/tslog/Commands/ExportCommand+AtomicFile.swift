#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file atomically: a temporary file beside it, every byte (piece by piece for a
/// streamed export), `fsync`, `rename` over the target, `fsync` of the directory. A reader sees
/// the old file or the new one, never part of one; a crash leaves at worst a `.NAME.tmp-…` file
/// behind, never a partial target.
///
/// The target is never followed if it is a symbolic link: the write is refused, so an export
/// cannot be redirected into a file the link points at (nor replace the link silently).
enum AtomicFile {
    /// What went wrong, naming the call, the path and the errno.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `bytes` as the whole of the file at `path`, atomically.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { write in try write(bytes) }
    }

    /// Writes the file at `path` atomically from pieces: `produce` is called once with a
    /// function that appends a piece to the temporary file (so only one piece need be in memory
    /// at a time), and the file appears at `path` whole after `produce` returns. If `produce`
    /// or any write throws, the temporary file is removed, the target is left as it was, and
    /// the error is rethrown.
    static func write(to path: String, _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
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
            try produce { bytes in try writeAll(bytes, to: fd, temporary) }
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

    /// Writes every byte of `bytes` to `fd`, looping on short writes.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32, _ path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[done...])
                done += try call("write", path) { Glibc.write(fd, rest.baseAddress, rest.count) }
            }
        }
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
