import EventLog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` is not used in this suite: with other tests' children around (a
/// PostgreSQL server, processes killed with SIGKILL) its `waitUntilExit` was seen to hang on a
/// child that had already exited. Standard streams go to files, never pipes, so a chatty child
/// cannot block on a full pipe while we wait.
public struct ChildProcess {
    public let pid: pid_t

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Has the child close every descriptor from `first` on: it must not inherit the test
    /// process's other descriptors (sockets, pipes and files of tests running at the same time,
    /// opened without close-on-exec), which would count against a child started under a
    /// descriptor limit (`prlimit --nofile=40`: a full run once left a server too few to open its
    /// log) and keep the parent's pipes open. Glibc's `posix_spawn_file_actions_addclosefrom_np`
    /// (2.34) is looked up at run time, as Swift does not see it; without it nothing changes.
    private static func closeInherited(from first: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, first)
    }

    /// Starts `executable` with `arguments` and exactly `environment`; stdin, stdout and stderr are
    /// the named files (created or truncated for output; `/dev/null` when nil).
    /// - Parameter diesWithParent: for a tslog child that runs until stopped (`serve`,
    ///   `log --follow`): it gets one end of `parentPipe` as descriptor 3 and
    ///   `TSLOG_TEST_PARENT_PIPE=3`, so it kills itself once this test process is gone — even
    ///   when a test crashes or the runner is killed before anything could stop it.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                      stdin: String? = nil, stdout: String? = nil, stderr: String? = nil,
                      directory: String? = nil, diesWithParent: Bool = false) throws -> ChildProcess {
        var environment = environment
        if diesWithParent { environment[SystemProcess.parentPipeVariable] = "3" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if diesWithParent { posix_spawn_file_actions_adddup2(&actions, try parentPipe.get(), 3) }
        closeInherited(from: diesWithParent ? 4 : 3, &actions)
        // Glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: a shell changes directory.
        let program = directory == nil ? executable : "/bin/sh"
        let words = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments }
            ?? [executable] + arguments
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnError(description: "posix_spawn \(executable): errno \(result)") }
        return ChildProcess(pid: pid)
    }

    /// One end of a connected socket pair whose other end this process holds open until it ends,
    /// both close-on-exec from the start (`SOCK_CLOEXEC`: no child started meanwhile inherits
    /// the other end, which would keep the pair open): when this process dies, however, every
    /// `diesWithParent` child reads end of file on it and kills itself
    /// (`SystemProcess.exitWhenClosed`). Moved above 100 so that the `dup2` onto 3 always makes
    /// a new, inheritable descriptor.
    static let parentPipe: Result<Int32, SpawnError> = {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            return .failure(SpawnError(description: "socketpair: errno \(errno)"))
        }
        let childEnd = fcntl(fds[0], F_DUPFD_CLOEXEC, 100)
        guard childEnd >= 0 else { return .failure(SpawnError(description: "fcntl F_DUPFD_CLOEXEC: errno \(errno)")) }
        close(fds[0])
        return .success(childEnd)
    }()

    /// Waits for the child to end, up to `timeout` seconds (then kills it and throws).
    /// Returns the exit code, or 128 + the signal that ended it.
    public func wait(timeout: TimeInterval = 120) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 && errno != EINTR { throw SpawnError(description: "waitpid \(pid): errno \(errno)") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw SpawnError(description: "process \(pid) did not exit within \(timeout) s")
            }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift cannot import as macros.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
