import Foundation
import Testing

/// `tslog demo`'s server options need `--serve`: without it `--listen` and `--session-idle` were
/// ignored silently (a demo written, no server, the address the user asked for unused). Now
/// each is the usage error naming it and `--serve`, before any demo is written.
@Suite("tslog demo: server options need --serve")
struct DemoServeOnlyOptionsTests {
    @Test(arguments: [["--listen", "1.2.3.4:5"], ["--session-idle", "60"]])
    func aServerOptionWithoutServeIsAUsageError(words: [String]) throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try BinaryRunner.locate().run(["demo", "--samples", "10", "--log", dir.path + "/log"] + words)
        #expect(r.status == 64, "\(words): \(r.stderrText)")
        #expect(r.stderrText.hasPrefix("Error: option '\(words[0])' needs '--serve'"), "\(r.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/log"), "no demo log was written")
    }
}
