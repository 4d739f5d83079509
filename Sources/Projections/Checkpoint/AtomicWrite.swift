#if canImport(Glibc)
import Glibc
#endif

/// A failed system call while writing a checkpoint: which call, on which path, and errno.
public struct CheckpointWriteError: Error, CustomStringConvertible, Sendable {
    public var syscall: String
    public var path: String
    public var errno: Int32
    public var description: String { "\(syscall) failed on \(path): \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Whole-file writes that a crash cannot leave half done: temp file, write, fsync, rename over
/// the final name, fsync the directory.
enum AtomicWrite {
    /// Retries `call` while it fails with EINTR; throws the errno of any other failure.
    private static func retrying(_ name: String, _ path: String, _ call: () -> Int) throws(CheckpointWriteError) -> Int {
        while true {
            let r = call()
            if r >= 0 { return r }
            if errno == EINTR { continue }
            throw CheckpointWriteError(syscall: name, path: path, errno: errno)
        }
    }

    /// Writes `bytes` to `path` atomically, through `path` + `.tmp-<pid>` in the same directory.
    static func write(_ bytes: [UInt8], to path: String, directory: String) throws(CheckpointWriteError) {
        let temp = path + ".tmp-\(getpid())"
        let fd = Int32(try retrying("open", temp) { Int(open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)) })
        var done = false
        defer {
            close(fd)
            if !done { unlink(temp) }
        }
        var written = 0
        while written < bytes.count {
            let n = try retrying("write", temp) {
                bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + written, raw.count - written) }
            }
            written += n
        }
        _ = try retrying("fsync", temp) { Int(fsync(fd)) }
        _ = try retrying("rename", path) { Int(rename(temp, path)) }
        done = true
        try syncDirectory(directory)
    }

    /// fsyncs a directory, so a rename or a new entry in it survives a crash.
    static func syncDirectory(_ directory: String) throws(CheckpointWriteError) {
        let fd = Int32(try retrying("open", directory) { Int(open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) })
        defer { close(fd) }
        _ = try retrying("fsync", directory) { Int(fsync(fd)) }
    }
}
