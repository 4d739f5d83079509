import Foundation
import Testing

/// `tslog tags` and `--as-of-tag` read the tags from the newest valid checkpoint plus the records
/// after it (`TagLoader`), not from every record of the log: they answer exactly as the full scan
/// does, never read a record before the checkpoint (a damaged one there no longer fails them —
/// it failed both before; `verify` and the reads of that record still find it), and a
/// damaged checkpoint is not trusted (the full scan answers).
@Suite("tags from checkpoints")
struct TagsFromCheckpointTests {
    @Test func tagsComeFromTheCheckpointAndTheRecordsAfterIt() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let last = try ExportTestLog.make(log, samples: 30)
        func ok(_ words: [String], _ env: [String: String] = [:]) throws -> String {
            let r = try tool.run(words + ["--log", log], environment: env)
            #expect(r.status == 0, "\(words): \(r.stderrText)")
            return r.stdoutText
        }
        _ = try ok(["tag", "v1", "--at-seq", "5", "--note", "first, \"model\""])
        _ = try ok(["tag", "v2"])
        _ = try ok(["tag", "v1", "--at-seq", "7", "--move"])
        // A checkpoint at the log's end (every fold leaves one with TSLOG_CHECKPOINT_AFTER=0)…
        _ = try ok(["query", "overall"], ["TSLOG_CHECKPOINT_AFTER": "0"])
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: log + "/checkpoints")
        #expect(checkpoints == [String(format: "%020d.ckpt", last + 3)])
        // …then more: a sample and a tag after it, and a move of a tag from before it.
        #expect(try tool.run(["append", "--log", log], stdin: Array(ExportTestLog.lines(seed: 77, samples: 1)[0].utf8)).status == 0)
        _ = try ok(["tag", "v3", "--note", "after"])
        _ = try ok(["tag", "v2", "--at-seq", "2", "--move"])

        // The answer of a full scan: the same log without its checkpoints.
        let copy = dir.appendingPathComponent("copy").path
        try FileManager.default.copyItem(atPath: log, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/checkpoints")
        let scanned = try tool.run(["tags", "--format", "json", "--log", copy])
        #expect(scanned.status == 0)
        #expect(scanned.stdoutText.contains(#""name":"v2","seq":2,"#) && scanned.stdoutText.contains(#""name":"v3","#))
        #expect(try ok(["tags", "--format", "json"]) == scanned.stdoutText)
        let byTag = try ok(["query", "labels", "--as-of-tag", "v1", "--format", "csv"])
        #expect(byTag == (try ok(["query", "labels", "--as-of-seq", "7", "--format", "csv"])))

        // A damaged record before the checkpoint is not read by them any more…
        let segment = log + "/00000000000000000001.jsonl"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: segment)))
        let third = bytes.indices.filter { bytes[$0] == 0x0A }[2]  // the 4th record's line starts after it
        let key = Array(#""label":""#.utf8)
        let at = try #require((third + 1..<bytes.count - key.count).first { Array(bytes[$0..<($0 + key.count)]) == key })
        bytes[at + key.count] ^= 0x01  // the label's first letter
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        #expect(try ok(["tags", "--format", "json"]) == scanned.stdoutText)
        #expect(!(try ok(["query", "overall", "--as-of-tag", "v3", "--format", "csv"])).isEmpty)
        // …while everything that reads it still finds it.
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 1, "\(verify.stdoutText)\(verify.stderrText)")
        #expect(try tool.run(["query", "labels", "--as-of-tag", "v1", "--log", log]).status == 1, "as of seq 7: the fold reads seq 4")

        // A damaged checkpoint is not trusted: the tags are read from every record (of the copy,
        // whose records are whole) and are the same.
        try FileManager.default.createDirectory(atPath: copy + "/checkpoints", withIntermediateDirectories: false)
        let name = try #require(checkpoints.first)
        var checkpoint = try Array(Data(contentsOf: URL(fileURLWithPath: log + "/checkpoints/" + name)))
        checkpoint[checkpoint.count - 20] ^= 0x40
        try Data(checkpoint).write(to: URL(fileURLWithPath: copy + "/checkpoints/" + name))
        #expect(try tool.run(["tags", "--format", "json", "--log", copy]).stdout == scanned.stdout)
    }
}
