#if canImport(Glibc)
import Glibc
#endif

/// An error number from a failed system call (the shape of swift-system's `Errno`).
///
/// Only the values the engine branches on are named; any other value still prints through
/// `strerror`. This is tslog's only errno type: every module gets it from here.
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
    /// The user's disk quota is used up.
    public static let quotaExceeded = Errno(rawValue: EDQUOT)
    /// The file would pass the process's file size limit (`ulimit -f`, RLIMIT_FSIZE) or the file
    /// system's largest file; SIGXFSZ is ignored (`SystemProcess.ignoreFileSizeLimitSignal`).
    public static let fileTooLarge = Errno(rawValue: EFBIG)
    /// The process (EMFILE) or the system (ENFILE) has no descriptor left.
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: ENFILE)
    public static let wouldBlock = Errno(rawValue: EWOULDBLOCK)
    public static let brokenPipe = Errno(rawValue: EPIPE)
    public static let notADirectory = Errno(rawValue: ENOTDIR)
    public static let isADirectory = Errno(rawValue: EISDIR)
    public static let directoryNotEmpty = Errno(rawValue: ENOTEMPTY)
    /// `O_NOFOLLOW` met a symbolic link.
    public static let tooManySymbolicLinks = Errno(rawValue: ELOOP)

    /// A resource a call ran out of: nothing is wrong with the device or the data, and the same
    /// call succeeds once the resource is there again. The server answers `storage` and
    /// `fileSizeLimit` 507, `descriptors` 503 with Retry-After.
    public enum Shortage: Sendable, Equatable {
        /// No space left (ENOSPC) or the quota used up (EDQUOT).
        case storage
        /// The file size limit (`ulimit -f`, EFBIG).
        case fileSizeLimit
        /// The process (EMFILE) or the system (ENFILE) has no descriptor left.
        case descriptors
    }

    /// The resource this error says ran out, or nil for any other failure.
    public var shortage: Shortage? {
        switch self {
        case .noSpace, .quotaExceeded: .storage
        case .fileTooLarge: .fileSizeLimit
        case .tooManyOpenFiles, .tooManyOpenFilesInSystem: .descriptors
        default: nil
        }
    }

    /// Whether the call failed for want of storage: no space left (ENOSPC), the quota used up
    /// (EDQUOT) or the file size limit reached (EFBIG). Nothing is wrong with the device; the
    /// same write succeeds once there is room (the server answers these 507).
    public var isOutOfStorage: Bool { shortage == .storage || shortage == .fileSizeLimit }

    /// What to do after a write failed with this error, ending in `retry` (the failed command's
    /// own words: "append again", "run the replay again"): the one place that words the advice
    /// for each shortage, so every command and the server say the same thing about it.
    public func remedy(then retry: String) -> String {
        switch shortage {
        case .storage: "free disk space and \(retry)"
        case .fileSizeLimit: "the file size limit (ulimit -f) was reached: raise it and \(retry)"
        case .descriptors: "out of file descriptors: raise the limit (`ulimit -n`; for tslog serve, or lower --max-connections) and \(retry)"
        case nil: "check the device, then \(retry)"
        }
    }

    /// The C library's text alone, e.g. `No space left on device`.
    public var message: String { String(cString: strerror(rawValue)) }

    /// `strerror` text and number, e.g. `No space left on device (errno 28)`.
    public var description: String { "\(message) (errno \(rawValue))" }
}

/// A failed system call: which call, on what (a path or a stream's name, when known), and its
/// errno. Wrapped into a `LogError` with a path by the engine; printed as is by the CLI.
package struct SystemCallError: Error, Sendable, CustomStringConvertible {
    package var syscall: String
    package var subject: String?
    package var errno: Errno

    package init(syscall: String, subject: String? = nil, errno: Errno) {
        self.syscall = syscall
        self.subject = subject
        self.errno = errno
    }

    /// Any error as a system-call error (only system calls throw in the places this is used).
    package init(_ error: any Error) {
        self = error as? SystemCallError ?? SystemCallError(syscall: "unknown call", errno: .ioError)
    }

    /// This error naming `subject` (a path or stream).
    package func on(_ subject: String) -> SystemCallError {
        SystemCallError(syscall: syscall, subject: subject, errno: errno)
    }

    /// `read standard input: Bad file descriptor (errno 9)`.
    package var description: String {
        if let subject { return "\(syscall) \(subject): \(errno)" }
        return "\(syscall): \(errno)"
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

/// `valueOrErrno`, throwing a `SystemCallError` named after `syscall` (and `subject`, if given).
func check<I: FixedWidthInteger>(_ syscall: String, _ subject: String? = nil, retryOnInterrupt: Bool = true,
                                 _ f: () -> I) throws(SystemCallError) -> I {
    switch valueOrErrno(retryOnInterrupt: retryOnInterrupt, f) {
    case .success(let value): return value
    case .failure(let errno): throw SystemCallError(syscall: syscall, subject: subject, errno: errno)
    }
}
