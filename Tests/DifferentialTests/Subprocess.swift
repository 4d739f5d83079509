import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A finished child process: its exit status and what it wrote.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

struct SubprocessError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `executable` with `arguments` and waits for it, with `posix_spawn` and `waitpid`.
///
/// Output goes to files in `scratch` and is read back at the end: never to pipes, which deadlock
/// past 64 KiB while we wait and which a server forked by `pg_ctl` would hold open forever.
/// (Foundation's `Process` is not used: its `waitUntilExit` hung here once `pg_ctl` had left a
/// daemon behind.) Standard input is `/dev/null`.
func runProcess(_ executable: String, _ arguments: [String], scratch: String,
                environment: [String: String] = [:]) throws -> ProcessResult {
    let stem = "\(scratch)/proc-\(UUID().uuidString)"
    let outPath = stem + ".out", errPath = stem + ".err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard spawned == 0 else {
        throw SubprocessError(description: "posix_spawn \(executable) failed: errno \(spawned)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
        guard errno == EINTR else { throw SubprocessError(description: "waitpid \(pid) (\(executable)) failed: errno \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
    let exited = status & 0x7F == 0
    let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return ProcessResult(status: code, stdout: stdout, stderr: stderr)
}
