#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX error number, named so messages can say which call failed and why.
struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    /// The raw `errno` value.
    var rawValue: Int32

    static let interrupted = Errno(rawValue: EINTR)
    static let brokenPipe = Errno(rawValue: EPIPE)
    static let noSuchFile = Errno(rawValue: ENOENT)

    /// The C library's text for this error, e.g. "No such file or directory".
    var description: String { String(cString: strerror(rawValue)) }

    /// The calling thread's current `errno`.
    static var current: Errno { Errno(rawValue: errno) }
}

/// A failed system call: which call, on what, and the errno it returned.
struct SystemCallError: Error, Sendable, CustomStringConvertible {
    var call: String
    var subject: String
    var errno: Errno

    var description: String { "\(call) \(subject): \(errno) (errno \(errno.rawValue))" }
}

// Thin layer: retry EINTR, turn -1 into a typed Errno. Everything else is the caller's business.

/// Calls `body` until it does not fail with EINTR; returns its result or throws its errno.
@inline(__always)
func retryingInterrupts<T: FixedWidthInteger>(_ body: () -> T) -> Result<T, Errno> {
    while true {
        let result = body()
        if result != -1 { return .success(result) }
        let error = Errno.current
        if error != .interrupted { return .failure(error) }
    }
}

/// `read(2)` into `buffer`; returns the byte count, 0 at end of file.
func systemRead(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
    retryingInterrupts { read(fd, buffer.baseAddress, buffer.count) }
}

/// `write(2)` of all of `bytes`, looping on short writes.
func systemWriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Void, Errno> {
    var offset = 0
    while offset < bytes.count {
        let result = retryingInterrupts {
            // A non-empty buffer always has a base address.
            write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        }
        switch result {
        case .success(let n): offset += n
        case .failure(let error): return .failure(error)
        }
    }
    return .success(())
}

/// `open(2)` for reading.
func systemOpenForReading(_ path: String) -> Result<Int32, Errno> {
    retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
}

/// `close(2)`. EINTR is not retried: on Linux the descriptor is gone either way.
func systemClose(_ fd: Int32) {
    _ = close(fd)
}
