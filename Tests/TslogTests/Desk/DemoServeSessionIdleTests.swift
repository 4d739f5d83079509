import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `tslog demo --serve` takes `--session-idle` as `tslog serve` does (one declaration, one
/// check): its desk's sessions end after that idle time, a bad value is the same usage error
/// before any demo is written, and its help lists the option. Before, the demo's desk always
/// kept the 8-hour default and the option was unknown.
struct DemoServeSessionIdleTests {
    @Test func theDemosDeskEndsSessionsAfterTheIdleTimeGiven() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let out = dir.path + "/demo.out"
        let child = try ChildProcess.spawn(tool.executable.path,
                                           ["demo", "--samples", "5", "--log", dir.path + "/log", "--serve",
                                            "--listen", "127.0.0.1:0", "--session-idle", "1"],
                                           stdout: out, stderr: dir.path + "/demo.err", diesWithParent: true)
        var reaped = false  // then its pid is no longer ours to signal
        defer { if !reaped { kill(child.pid, SIGTERM); _ = try? child.wait(timeout: 30) } }
        // The printed one-time link, with the port the server bound.
        var link: String?
        let deadline = Date().addingTimeInterval(60)
        while link == nil && Date() < deadline {
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            link = text.range(of: #"http://127\.0\.0\.1:\d+/signin\?once=[0-9a-f]{64}"#, options: .regularExpression).map { String(text[$0]) }
            var status: Int32 = 0
            if link == nil && waitpid(child.pid, &status, WNOHANG) == child.pid {
                let err = (try? String(contentsOfFile: dir.path + "/demo.err", encoding: .utf8)) ?? ""
                reaped = true
                Issue.record("demo --serve exited: \(err)")
                return
            }
            if link == nil { usleep(20_000) }
        }
        let url = try #require(link, "demo --serve printed no sign-in link")
        let port = try #require(UInt16(url.split(separator: ":")[2].prefix { $0.isNumber }))
        let path = String(url[try #require(url.range(of: "/signin")).lowerBound...])

        let client = try HTTPClient(port: port)
        defer { client.close() }
        let signIn = try client.request("GET", path, token: nil, body: nil, headers: [])
        #expect(signIn.status == 303)
        let cookie = "Cookie: " + String((signIn.headers["set-cookie"] ?? "").split(separator: ";")[0])
        func me() throws -> Int {
            let client = try HTTPClient(port: port)
            defer { client.close() }
            return try client.request("GET", "/desk/api/me", token: nil, body: nil, headers: [cookie]).status
        }
        #expect(try me() == 200, "used within the second")
        Thread.sleep(forTimeInterval: 1.6)
        #expect(try me() == 401, "unused past --session-idle 1: ended")
    }

    @Test func aBadIdleTimeIsTheSameUsageErrorBeforeAnyDemoIsWritten() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try BinaryRunner.locate().run(["demo", "--samples", "5", "--log", dir.path + "/log", "--serve",
                                              "--listen", "127.0.0.1:0", "--session-idle", "0"])
        #expect(r.status == 64, "\(r.stderrText)")
        #expect(r.stderrText.hasPrefix("Error: --session-idle must be a number of seconds above 0 and at most 604800, got '0'\n"),
                "\(r.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/log"), "no demo log was written")
    }

    @Test func helpShowsTheIdleOption() throws {
        let r = try BinaryRunner.locate().run(["demo", "--help"])
        #expect(r.status == 0 && r.stdoutText.contains("--session-idle S") && r.stdoutText.contains("28800"), "\(r.stdoutText)")
    }
}
