#if canImport(Glibc)
import Glibc
#endif

/// An error number from a failed system call (the shape of swift-system's `Errno`).
///
/// Only the values the engine branches on are named; any other value still prints through
/// `strerror`.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current `errno`.
    static var current: Errno { Errno(rawValue: Glibc.errno) }

    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let ioError = Errno(rawValue: EIO)
    public static let noSpace = Errno(rawValue: ENOSPC)
    public static let wouldBlock = Errno(rawValue: EWOULDBLOCK)

    /// `strerror` text and number, e.g. `No space left on device (errno 28)`.
    public var description: String {
        "\(String(cString: strerror(rawValue))) (errno \(rawValue))"
    }
}

/// A failed system call: which call, and its errno. Wrapped into a `LogError` with a path by callers.
struct SystemCallError: Error {
    var syscall: String
    var errno: Errno

    init(syscall: String, errno: Errno) {
        self.syscall = syscall
        self.errno = errno
    }

    /// Any error as a system-call error (only system calls throw in the places this is used).
    init(_ error: any Error) {
        self = error as? SystemCallError ?? SystemCallError(syscall: "unknown call", errno: .ioError)
    }
}

/// Turns a libc result of -1 into the current errno, retrying while the call is interrupted.
func valueOrErrno<I: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ f: () -> I) -> Result<I, Errno> {
    repeat {
        let result = f()
        if result != -1 { return .success(result) }
        let error = Errno.current
        guard retryOnInterrupt, error == .interrupted else { return .failure(error) }
    } while true
}

/// `valueOrErrno`, throwing a `SystemCallError` named after `syscall`.
func check<I: FixedWidthInteger>(_ syscall: String, retryOnInterrupt: Bool = true, _ f: () -> I) throws(SystemCallError) -> I {
    switch valueOrErrno(retryOnInterrupt: retryOnInterrupt, f) {
    case .success(let value): return value
    case .failure(let errno): throw SystemCallError(syscall: syscall, errno: errno)
    }
}
