import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The audit desk in a real browser: `tests/desk_browser.py` drives Debian's chromium with
/// Playwright against the built `tslog serve` on a demo log (sign-in, filters and counts against
/// `tslog query`, crops from the image store, keyboard relabel, conflict, undo, delete, live
/// update, XSS, read-only sessions, cross-site POSTs), and on a second server with
/// `--session-idle 1` that a session's end sends the page to the sign-in page (a write's 401, the
/// event stream closed). Skipped with a message when chromium or
/// Playwright is missing, a failure when `TSLOG_REQUIRE_CHROMIUM=1` (CI).
struct DeskBrowserTests {
    static let reviewerToken = "desk-write-token-0123456789abcdef"
    static let viewerToken = "desk-read-token-0123456789abcdef0"

    @Test func theDeskWorksInChromium() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        let demo = try tool.run(["demo", "--samples", "400", "--log", log])
        try #require(demo.status == 0, "\(demo.stderrText)")
        let tokens = "write reviewer \(Self.reviewerToken)\nread viewer \(Self.viewerToken)\n"
        _ = FileManager.default.createFile(atPath: dir.path + "/tokens", contents: Data(tokens.utf8),
                                           attributes: [.posixPermissions: 0o600])
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        // Sessions that end after an idle second, on a small log of their own (the writer lock).
        let shortLog = dir.path + "/short-log"
        let shortDemo = try tool.run(["demo", "--samples", "40", "--log", shortLog])
        try #require(shortDemo.status == 0, "\(shortDemo.stderrText)")
        let short = try ServerProcess(directory: dir.path, log: shortLog, arguments: ["--session-idle", "1"])
        defer { _ = try? short.stop() }
        var arguments = ["http://127.0.0.1:\(server.port)", tool.executable.path, log, server.stdoutPath,
                         Self.reviewerToken, Self.viewerToken, "http://127.0.0.1:\(short.port)", shortLog]
        if let shots = ProcessInfo.processInfo.environment["TSLOG_DESK_SCREENSHOTS"], !shots.isEmpty { arguments.append(shots) }
        try DeskBrowserScript.run("desk_browser.py", arguments, directory: dir.path, server: server, passed: "all desk checks passed")
    }
}
