import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `tslog serve` started the way the harness starts it (`ChildProcess.spawn(diesWithParent:)`:
/// one end of a socket pair as descriptor 3, `TSLOG_TEST_PARENT_PIPE=3`) dies when the process
/// that started it is killed with SIGKILL — the way a crashed or killed test run ends — while a
/// server started without it outlives that parent, as servers did before. The parent here is a
/// small Python process standing in for the test runner, so that this test can kill it.
@Suite("tslog serve dies with the test process that started it")
struct ServerDiesWithParentTests {
    static let parent = #"""
import os, socket, subprocess, sys, time
tslog, base = sys.argv[1], sys.argv[2]
ours, theirs = socket.socketpair()  # neither is inherited unless passed
def serve(name, extra_env, fds):
    env = dict(os.environ, **extra_env)
    return subprocess.Popen([tslog, "serve", "--log", base + "/" + name, "--listen", "127.0.0.1:0"], env=env,
                            pass_fds=fds, stdout=open(base + "/" + name + ".out", "w"), stderr=open(base + "/" + name + ".err", "w"))
watched = serve("watched", {"TSLOG_TEST_PARENT_PIPE": str(theirs.fileno())}, [theirs.fileno()])
theirs.close()
plain = serve("plain", {}, [])
with open(base + "/pids.tmp", "w") as f:
    f.write("%d %d\n" % (watched.pid, plain.pid))
os.rename(base + "/pids.tmp", base + "/pids")
time.sleep(3600)
"""#

    /// Whether `pid` still runs (a zombie waiting for a reaper counts as ended).
    static func running(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func theWatchedServerDiesWithItsParentThePlainOneDoesNot() throws {
        guard try Pillow.available("subprocess") else { return }
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let script = base.appendingPathComponent("parent.py").path
        try Self.parent.write(toFile: script, atomically: true, encoding: .utf8)
        let python = try ChildProcess.spawn("/bin/sh", ["-c", "exec python3 \"$@\"", "sh", script, tool.executable.path, base.path],
                                            environment: Pillow.environment, stderr: base.path + "/parent.err")
        var pids: [Int32] = []
        defer {
            for pid in pids { kill(pid, SIGKILL) }
            kill(python.pid, SIGKILL)
            _ = try? python.wait(timeout: 10)
        }
        let started = Self.waitFor(60) {
            let listening = ["watched", "plain"].allSatisfy {
                ((try? String(contentsOfFile: base.path + "/\($0).out", encoding: .utf8)) ?? "").contains("listening on")
            }
            return listening && FileManager.default.fileExists(atPath: base.path + "/pids")
        }
        try #require(started, "servers did not start: \((try? String(contentsOfFile: base.path + "/parent.err", encoding: .utf8)) ?? "")")
        pids = try String(contentsOfFile: base.path + "/pids", encoding: .utf8).split(separator: " ")
            .compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(pids.count == 2)
        let (watched, plain) = (pids[0], pids[1])
        // While the parent lives, both serve (the watch does not end a server early).
        usleep(300_000)
        #expect(Self.running(watched) && Self.running(plain))

        kill(python.pid, SIGKILL)
        _ = try python.wait(timeout: 10)
        #expect(Self.waitFor(20) { !Self.running(watched) }, "the watched server outlived its killed parent")
        #expect(Self.running(plain), "the control server ended too: the test would not show what the watch does")
    }

    /// A descriptor that is not a pipe or socket is refused at start, naming the variable — it
    /// would read end of file at once and kill the server for nothing.
    @Test func aVariableNamingNoPipeIsRefused() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let r = try tool.run(["tags", "--log", base.path + "/log"], environment: ["TSLOG_TEST_PARENT_PIPE": "0"])
        #expect(r.status == 1)
        #expect(r.stderrText.hasPrefix("Error: TSLOG_TEST_PARENT_PIPE=0: "), "\(r.stderrText)")
    }
}
