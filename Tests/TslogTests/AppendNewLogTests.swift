import Foundation
import Testing

/// `tslog append` (the built binary) to a log directory that does not exist yet: the directory
/// is made only for a batch that appends an event. A batch whose every line `--skip-invalid`
/// skips, or one with a failed `expect_last_seq`, reports what it did and leaves no directory.
@Suite("append to a log that does not exist yet")
struct AppendNewLogTests {
    static let sample = "00000000-0000-4000-8000-0000000000a1"
    static let good = #"{"type":"sample.submitted","sample_id":"\#(sample)","image_url":"u","image_path":"p","label":"mint","label_type":"grade"}"#
    /// Two lines an empty log refuses: a response to a sample that was never submitted, and a bad field.
    static let invalid = [
        #"{"type":"sample.deleted","sample_id":"\#(sample)","reason":"gone"}"#,
        #"{"type":"sample.submitted","sample_id":"not-a-uuid","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func skipInvalidWithEveryLineInvalidMakesNoDirectory() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let run = try tool.run(["append", "--log", log, "--skip-invalid"], stdin: Array(Self.invalid.utf8))
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText == "appended 0 events, 0 duplicates skipped, 2 invalid lines skipped\n")
        #expect(run.stderrText.contains("skipped line 1: "), "\(run.stderrText)")
        #expect(run.stderrText.contains("skipped line 2: field 'sample_id'"), "\(run.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: log), "nothing appended, so no log directory")

        // The same batch with one valid line makes the log and appends that line.
        let mixed = try tool.run(["append", "--log", log, "--skip-invalid"], stdin: Array((Self.invalid + Self.good + "\n").utf8))
        #expect(mixed.status == 0, "\(mixed.stderrText)")
        #expect(mixed.stdoutText == "appended 1 event (seq 1), 0 duplicates skipped, 2 invalid lines skipped\n")
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    @Test(arguments: [[String](), ["--skip-invalid"]])
    func aFailedPreconditionMakesNoDirectory(extra: [String]) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let line = Self.good.replacingOccurrences(of: #""label":"mint""#, with: #""label":"mint","expect_last_seq":3"#)
        let run = try tool.run(["append", "--log", log] + extra, stdin: Array((line + "\n").utf8))
        #expect(run.status == 1)
        #expect(run.stderrText.contains("conflict: line 1: "), "\(run.stderrText)")
        #expect(run.stderrText.hasSuffix("Error: nothing appended: 1 precondition (expect_last_seq) failed; the samples changed since they were read\n"), "\(run.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: log), "a refused append makes no log directory")
    }
}
