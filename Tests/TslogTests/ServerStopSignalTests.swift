import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM or SIGINT sent the moment `tslog serve` says it is listening stops it gracefully.
/// The handler used to be a dispatch source, registered asynchronously after the signal was set
/// to be ignored: a signal in between was dropped and the server kept running (seen about once
/// in 30 starts on a loaded machine). Many quick rounds, since the window was narrow.
@Suite("tslog serve: stop signals right after start")
struct ServerStopSignalTests {
    @Test func aSignalSentAsSoonAsTheServerListensStopsIt() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log"
        let tokens = base.path + "/tokens"
        _ = FileManager.default.createFile(atPath: tokens, contents: Data("write app \(ServerProcess.writeToken)\n".utf8),
                                           attributes: [.posixPermissions: 0o600])
        for round in 0..<24 {
            let out = base.path + "/serve-\(round).out"
            let child = try ChildProcess.spawn(tool.executable.path,
                                               ["serve", "--log", log, "--listen", "127.0.0.1:0", "--token-file", tokens],
                                               stdout: out, stderr: base.path + "/serve-\(round).err", diesWithParent: true)
            // Watch for the line as closely as a supervisor would, then signal at once.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains("listening on") {
                usleep(100)
            }
            let signal = round.isMultiple(of: 2) ? SIGTERM : SIGINT
            kill(child.pid, signal)
            let status: Int32
            do {
                status = try child.wait(timeout: 20)
            } catch {
                Issue.record("round \(round): signal \(signal) sent right after 'listening' did not stop the server within 20 s")
                return
            }
            #expect(status == 0, "round \(round): exit status \(status)")
        }
        // The lock was released every time: a CLI append works now.
        let append = try tool.run(["append", "--log", log], stdin: Array(ServerLines.submit(1).utf8))
        #expect(append.status == 0, "\(append.stderrText)")
    }
}
