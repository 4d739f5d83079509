import Foundation
import TestSupport
import Testing

/// Runs one of the desk's browser tests, `tests/desk_*.py` (Playwright driving Debian's
/// `/usr/bin/chromium`, helpers in `tests/desk_helpers.py`), and expects it to pass. Skipped with
/// a message when chromium or Playwright is missing; a failure instead when
/// `TSLOG_REQUIRE_CHROMIUM=1` (CI).
enum DeskBrowserScript {
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

    /// Runs `tests/NAME` with `arguments` (its output kept in `directory`) and expects exit 0
    /// and the line `passed` on its stdout; `server`'s stderr is shown on failure.
    static func run(_ name: String, _ arguments: [String], directory: String, server: ServerProcess,
                    passed: String, timeout: Double = 240) throws {
        let required = ProcessInfo.processInfo.environment["TSLOG_REQUIRE_CHROMIUM"] == "1"
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), let python = pythonWithPlaywright() else {
            try #require(!required, "TSLOG_REQUIRE_CHROMIUM=1 but /usr/bin/chromium or Python's playwright is missing")
            print("skipping \(name): needs /usr/bin/chromium (apt-get install chromium) and playwright (pip install playwright)")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/" + name).path
        let out = directory + "/\(name).out", err = directory + "/\(name).err"
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        let child = try ChildProcess.spawn(python, [script] + arguments, environment: environment, stdout: out, stderr: err)
        let status = try child.wait(timeout: timeout)
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        if status == 77 {
            try #require(!required, "TSLOG_REQUIRE_CHROMIUM=1 but playwright is missing: \(errors)")
            print("skipping \(name): \(errors)")
            return
        }
        #expect(status == 0, "\(name) failed:\n\(output)\n\(errors)\nserver:\n\(server.stderrText.suffix(3000))")
        #expect(output.contains(passed))
    }
}
