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

    /// The first `python3` on PATH that can import Playwright (pip may have put it in a
    /// pyenv or a user site), or nil.
    static func pythonWithPlaywright() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/python3"
            guard FileManager.default.isExecutableFile(atPath: candidate),
                  let child = try? ChildProcess.spawn(candidate, ["-c", "import playwright.sync_api"], environment: environment),
                  (try? child.wait(timeout: 60)) == 0 else { continue }
            return candidate
        }
        return nil
    }

    @Test func theDeskWorksInChromium() throws {
        let required = ProcessInfo.processInfo.environment["TSLOG_REQUIRE_CHROMIUM"] == "1"
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), let python = Self.pythonWithPlaywright() else {
            try #require(!required, "TSLOG_REQUIRE_CHROMIUM=1 but /usr/bin/chromium or Python's playwright is missing")
            print("skipping the desk's browser test: needs /usr/bin/chromium (apt-get install chromium) and playwright (pip install playwright)")
            return
        }
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
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/desk_browser.py").path
        var arguments = [script, "http://127.0.0.1:\(server.port)", tool.executable.path, log, server.stdoutPath,
                         Self.reviewerToken, Self.viewerToken, "http://127.0.0.1:\(short.port)", shortLog]
        if let shots = ProcessInfo.processInfo.environment["TSLOG_DESK_SCREENSHOTS"], !shots.isEmpty { arguments.append(shots) }
        let out = dir.path + "/browser.out", err = dir.path + "/browser.err"
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        let child = try ChildProcess.spawn(python, arguments, environment: environment, stdout: out, stderr: err)
        let status = try child.wait(timeout: 240)
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        if status == 77 {
            try #require(!required, "TSLOG_REQUIRE_CHROMIUM=1 but playwright is missing: \(errors)")
            print("skipping the desk's browser test: \(errors)")
            return
        }
        #expect(status == 0, "desk browser checks failed:\n\(output)\n\(errors)\nserver:\n\(server.stderrText.suffix(3000))")
        #expect(output.contains("all desk checks passed"))
    }
}
