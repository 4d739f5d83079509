import Foundation
import Testing

/// Errors and warnings on standard error name what the user gave — a path, a file name in the
/// log directory — with every control character escaped, so none of them can drive the terminal
/// (retitle it, recolour it, hide text). Through the binary.
struct MessageEscapingTests {
    @Test func pathsAndFileNamesInMessagesCannotDriveTheTerminal() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        func expectNoControls(_ bytes: [UInt8], _ what: String) {
            let raw = bytes.filter { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }
            #expect(raw.isEmpty, "\(what) wrote control bytes \(raw): \(String(decoding: bytes, as: UTF8.self))")
        }

        // An error naming a path with ESC in it (the log is missing).
        let hostile = dir.path + "/x\u{1b}[31mred\u{7}"
        let missing = try tool.run(["query", "overall", "--log", hostile])
        #expect(missing.status == 1)
        expectNoControls(missing.stderr, "the error")
        #expect(missing.stderrText.contains(#"x\u{1b}[31mred\u{7}"#), "\(missing.stderrText)")

        // A usage error repeating an option the user typed.
        let usage = try tool.run(["query", "overall", "--fromat\u{1b}]0;t\u{7}"])
        #expect(usage.status == 64)
        expectNoControls(usage.stderr, "the usage error")

        // A warning naming a file in the log directory (a backup of a segment, say).
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--log", log, "--samples", "3", "--crops", "0"]).status == 0)
        #expect(FileManager.default.createFile(atPath: log + "/\u{1b}]0;pwned\u{7}.jsonl.bak", contents: Data()))
        let read = try tool.run(["log", "--log", log])
        #expect(read.status == 0)
        expectNoControls(read.stderr, "the warning")
        #expect(read.stderrText.contains(#"warning: ignoring '\u{1b}]0;pwned\u{7}.jsonl.bak'"#), "\(read.stderrText)")
    }
}
