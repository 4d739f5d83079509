import Foundation
import TestSupport
import Testing

/// Issue 17 item 7, through the built binary: temporary files have unpredictable names created
/// with `O_EXCL|O_NOFOLLOW`, so a link planted at the old predictable names (`index/time.idx.tmp`,
/// `checkpoints/….ckpt.tmp-PID`) is never written through; leftovers of a killed process are
/// removed by the next writer; an `index` or `checkpoints` that is not a directory gives a clear
/// error (index) or is left alone while reads still answer (checkpoints).
@Suite("Temporary files cannot be hijacked and do not pile up")
struct ReliabilityTempFileTests {
    static let submit = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-0000000000%02d","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"good","label_type":"grade"}"#

    static func append(_ tool: BinaryRunner, _ log: String, _ n: Int) throws -> BinaryRunner.Result {
        try tool.run(["append", "--log", log], stdin: Array((String(format: submit, n) + "\n").utf8))
    }

    @Test func plantedLinksAtOldTemporaryNamesAreNotFollowed() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        #expect(try Self.append(tool, log, 1).status == 0)
        let victim = dir.appendingPathComponent("victim").path
        try "untouched\n".write(toFile: victim, atomically: true, encoding: .utf8)
        // Indexes rebuilt (removed), with links at the names the old writer used for its temp files.
        for name in ["time.idx", "event_id.tbl", "registry.tbl"] {
            try FileManager.default.removeItem(atPath: "\(log)/index/\(name)")
            try FileManager.default.createSymbolicLink(atPath: "\(log)/index/\(name).tmp", withDestinationPath: victim)
        }
        // A leftover of a killed checkpoint writer (pid 999999 is not running) and a planted link.
        try FileManager.default.createDirectory(atPath: log + "/checkpoints", withIntermediateDirectories: false)
        try "partial".write(toFile: log + "/checkpoints/00000000000000000001.ckpt.tmp-999999", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: log + "/checkpoints/00000000000000000002.ckpt.tmp-999998", withDestinationPath: victim)

        let appended = try Self.append(tool, log, 2)
        #expect(appended.status == 0, "\(appended.stderrText)")
        let query = try tool.run(["query", "overall", "--log", log], environment: ["TSLOG_CHECKPOINT_AFTER": "0"])
        #expect(query.status == 0, "\(query.stderrText)")

        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: log + "/index").sorted() == ["event_id.tbl", "registry.tbl", "sample_seq.tbl", "time.idx"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: log + "/checkpoints").sorted() == ["00000000000000000002.ckpt"])
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    @Test func anIndexPathThatIsNotADirectoryIsAClearError() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        #expect(try Self.append(tool, log, 1).status == 0)
        let segment = try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl"))
        try FileManager.default.removeItem(atPath: log + "/index")
        try "not an index\n".write(toFile: log + "/index", atomically: false, encoding: .utf8)
        let r = try Self.append(tool, log, 2)
        #expect(r.status == 1)
        #expect(r.stderrText.contains("the index path \(log)/index is not a directory; move it away"), "\(r.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl")) == segment)
        #expect(try String(contentsOfFile: log + "/index", encoding: .utf8) == "not an index\n")

        // A `checkpoints` file is left alone; reads answer from the log.
        try FileManager.default.removeItem(atPath: log + "/index")
        try "mine\n".write(toFile: log + "/checkpoints", atomically: false, encoding: .utf8)
        let query = try tool.run(["query", "overall", "--log", log], environment: ["TSLOG_CHECKPOINT_AFTER": "0"])
        #expect(query.status == 0, "\(query.stderrText)")
        #expect(try String(contentsOfFile: log + "/checkpoints", encoding: .utf8) == "mine\n")
    }
}
