import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension SystemProcess {
    /// The environment variable that asks a tslog process to die with the process that started
    /// it: the number of a descriptor holding the read end of a pipe (or one end of a socket
    /// pair) whose other end only that parent holds. Set by the test harness only (`ChildProcess.spawn(diesWithParent:)`), so
    /// that a `tslog serve` or `log --follow` a test started cannot outlive a test process that
    /// crashed or was killed.
    package static let parentPipeVariable = "TSLOG_TEST_PARENT_PIPE"

    /// Ends this process as `kill -9` would (`killSelf`) once `descriptor` reads end of file —
    /// once every holder of the other end, the parent, is gone, however it ended (a crash,
    /// SIGKILL, a normal exit without stopping us). Watched by a thread of its own, blocked in
    /// `read`; bytes written to it are ignored. A parent that died before the watch
    /// starts is seen at once (its write end is already closed).
    ///
    /// Why a pipe and not `prctl(PR_SET_PDEATHSIG)`: that signal follows the *thread* that
    /// started the child, and a test's thread returns to its pool (and may end) while the server
    /// it started is still in use; nor can Swift call the variadic `prctl`.
    /// - Throws: `SystemCallError` when `descriptor` is not open (EBADF) or neither a pipe nor a
    ///   socket (EINVAL: a file would read end of file at once).
    package static func exitWhenClosed(_ descriptor: Int32) throws(SystemCallError) {
        var status = stat()
        _ = try check("fstat", "descriptor \(descriptor)") { system_fstat(descriptor, &status) }
        guard status.st_mode & S_IFMT == S_IFIFO || status.st_mode & S_IFMT == S_IFSOCK else {
            throw SystemCallError(syscall: "fstat", subject: "descriptor \(descriptor) (not a pipe or socket)", errno: Errno(rawValue: EINVAL))
        }
        Thread {
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let n = buffer.withUnsafeMutableBytes { system_read(descriptor, $0.baseAddress, $0.count) }
                if n == 0 { killSelf() }
                if n < 0, Errno.current != .interrupted { return }
            }
        }.start()
    }
}
