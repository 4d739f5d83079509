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

    /// Starts `executable` with `arguments` and exactly `environment`; stdin, stdout and stderr are
    /// the named files (created or truncated for output; `/dev/null` when nil).
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                      stdin: String? = nil, stdout: String? = nil, stderr: String? = nil,
                      directory: String? = nil) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
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
