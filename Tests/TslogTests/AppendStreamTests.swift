import Foundation
import TestSupport
import Testing

/// `tslog append` (the built binary) of batches larger than the chunk it reads at a time
/// (`RereadableInput.chunkBytes`, 4 MiB): the batch is read twice, checked then written, and
/// keeps every promise of a batch read whole — all or nothing naming the refused line wherever
/// it is, duplicates counted, standard input (copied to `$TMPDIR` and removed), `--skip-invalid`.
/// A batch that rolls a segment is `ChunkedAppendTests` (the engine; the CLI has no segment size).
@Suite("append of a batch larger than a chunk")
struct AppendStreamTests {
    /// `count` lines of about 500 bytes: samples submitted, each with an event_id `e-seed-i`.
    static func lines(_ count: Int, seed: Int = 1) -> [String] {
        let pad = String(repeating: "p", count: 300)
        return (0..<count).map { i in
            let id = String(format: "%08x-0000-4000-8000-%012x", seed, i)
            return #"{"type":"sample.submitted","sample_id":"\#(id)","event_id":"e-\#(seed)-\#(i)","image_url":"https://cdn.example/\#(pad)/\#(i).jpg","image_path":"a/\#(i).jpg","label":"mint","label_type":"grade"}"#
        }
    }

    static func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    /// A log holding `e-0-0`, and the path of a file holding `lines`.
    static func setUp(_ dir: URL, _ tool: BinaryRunner, _ lines: [String]) throws -> (log: String, file: String) {
        let log = dir.appendingPathComponent("log").path
        try tool.append(Self.lines(1, seed: 0), to: log)
        let file = dir.appendingPathComponent("batch.ndjson").path
        try Data(Self.bytes(lines)).write(to: URL(fileURLWithPath: file))
        return (log, file)
    }

    static let badLabelType = #""label_type":"color""#

    @Test func aBatchWhoseLastLineIsInvalidAppendsNothingAndNamesIt() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var lines = Self.lines(12_000)
        lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: #""label_type":"grade""#, with: Self.badLabelType)
        let (log, file) = try Self.setUp(dir, tool, lines)
        let run = try tool.run(["append", "--log", log, "--file", file])
        #expect(run.status == 1)
        #expect(run.stdoutText.isEmpty)
        #expect(run.stderrText == """
            line 12000: field 'label_type': expected defect, region or grade, got 'color'
            Error: nothing appended: 1 of 12000 lines refused (use --skip-invalid to append the valid ones)

            """)
        let log1 = try tool.run(["log", "--log", log, "--format", "json"])
        #expect(log1.stdoutText.split(separator: "\n").count == 1, "the log holds only the event before")
    }

    @Test func duplicatesInTheMiddleAreSkippedAndCounted() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var lines = Self.lines(12_000)
        lines.insert(lines[10], at: 6_000)  // repeated in the batch, past the first chunk
        lines.insert(Self.lines(1, seed: 0)[0], at: 9_000)  // already stored
        let (log, file) = try Self.setUp(dir, tool, lines)
        let run = try tool.run(["append", "--log", log, "--file", file])
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText == "appended 12000 events (seq 2-12001), 2 duplicates skipped\n")
        let again = try tool.run(["append", "--log", log, "--file", file])
        #expect(again.stdoutText == "appended 0 events, 12002 duplicates skipped\n")
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    /// Runs `cat file | tslog append --log log` with `TMPDIR=spool`: standard input is a pipe.
    static func appendThroughAPipe(_ tool: BinaryRunner, _ file: String, _ log: String, spool: String,
                                   in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = dir.appendingPathComponent("pipe.out").path, err = dir.appendingPathComponent("pipe.err").path
        let child = try ChildProcess.spawn("/bin/sh", ["-c", #"/bin/cat "$0" | "$1" append --log "$2""#, file, tool.executable.path, log],
                                           environment: ["TMPDIR": spool], stdout: out, stderr: err)
        let status = try child.wait(timeout: 120)
        return (status, try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: err, encoding: .utf8))
    }

    @Test func standardInputIsReadAgainOrCopiedToTMPDIRAndTheCopyRemoved() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let spool = dir.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        // A regular file as standard input is read again in place.
        let (log, file) = try Self.setUp(dir, tool, Self.lines(12_000, seed: 3))
        let run = try tool.run(["append", "--log", log], environment: ["TMPDIR": spool.path], stdin: Self.bytes(Self.lines(12_000)))
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText == "appended 12000 events (seq 2-12001), 0 duplicates skipped\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        // A pipe is copied to $TMPDIR, and the copy removed.
        let piped = try Self.appendThroughAPipe(tool, file, log, spool: spool.path, in: dir)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == "appended 12000 events (seq 12002-24001), 0 duplicates skipped\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        // Refused through a pipe: the line is named, nothing appended, the copy removed too.
        var bad = Self.lines(12_000, seed: 2)
        bad[11_000] = bad[11_000].replacingOccurrences(of: #""label_type":"grade""#, with: Self.badLabelType)
        try Data(Self.bytes(bad)).write(to: URL(fileURLWithPath: file))
        let refused = try Self.appendThroughAPipe(tool, file, log, spool: spool.path, in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("line 11001: field 'label_type': "), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        #expect(try tool.run(["verify", "--log", log]).stdoutText.contains("24001 records"))
    }

    @Test func skipInvalidAppendsTheValidLinesAndNamesTheOthers() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var lines = Self.lines(12_000)
        for k in [0, 9_500, 11_999] {
            lines[k] = lines[k].replacingOccurrences(of: #""label_type":"grade""#, with: Self.badLabelType)
        }
        let (log, file) = try Self.setUp(dir, tool, lines)
        let run = try tool.run(["append", "--log", log, "--file", file, "--skip-invalid"])
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText == "appended 11997 events (seq 2-11998), 0 duplicates skipped, 3 invalid lines skipped\n")
        #expect(run.stderrText.split(separator: "\n").map { String($0.prefix(40)) } == [
            "skipped line 1: field 'label_type': expe", "skipped line 9501: field 'label_type': e",
            "skipped line 12000: field 'label_type': ",
        ])
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }
}
