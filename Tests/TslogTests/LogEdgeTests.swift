import Foundation
import Testing

/// `tslog log` through the built binary: tag records are shown and selectable, so `--from-seq`
/// and `--follow`'s "last 10" leave no record out.
@Suite("tslog log shows every record")
struct LogEdgeTests {
    /// 12 submissions with a tag after the 6th and another after the 11th: 14 records.
    static func makeLog(_ tool: BinaryRunner, _ log: String) throws {
        func submit(_ n: Int) throws {
            let id = String(format: "00000000-0000-4000-8000-%012d", n)
            let line = #"{"type":"sample.submitted","sample_id":"\#(id)","occurred_at":"2026-11-25T12:00:00Z","image_url":"https://img/\#(n).jpg","image_path":"p/\#(n).jpg","label":"good","label_type":"grade"}"# + "\n"
            let r = try tool.run(["append", "--log", log], stdin: Array(line.utf8))
            guard r.status == 0 else { throw BinaryRunner.RunnerError(description: r.stderrText) }
        }
        for n in 1...6 { try submit(n) }
        #expect(try tool.run(["tag", "first", "--note", "six in", "--log", log]).status == 0)
        for n in 7...11 { try submit(n) }
        #expect(try tool.run(["tag", "second", "--log", log]).status == 0)
        try submit(12)
    }

    /// The seq of each JSON line.
    static func seqs(_ text: String) -> [Int] {
        text.split(separator: "\n").compactMap { line in
            line.firstRange(of: #"{"seq":"#).flatMap { r in Int(line[r.upperBound...].prefix { $0.isNumber }) }
        }
    }

    @Test func fromSeqShowsTagRecordsWithoutAGap() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        let json = try tool.run(["log", "--log", log, "--from-seq", "6", "--format", "json"])
        #expect(json.status == 0 && Self.seqs(json.stdoutText) == Array(6...14))
        let table = try tool.run(["log", "--log", log, "--from-seq", "6"])
        #expect(table.stdoutText.contains(#"tag.set                                                   name=first seq=6 note="six in""#),
                "\(table.stdoutText)")
        // The footer says what it counts: 9 records, of which 2 are tag records (it said "9 events").
        #expect(table.stdoutText.hasSuffix("(9 records: 7 events, 2 tag records)\n"), "\(table.stdoutText)")
        let events = try tool.run(["log", "--log", log, "--from-seq", "8", "--limit", "5"])
        #expect(events.stdoutText.hasSuffix("(5 events)\n"), "\(events.stdoutText)")
        let tags = try tool.run(["log", "--log", log, "--type", "tag.set"])
        #expect(tags.stdoutText.hasSuffix("(2 tag records)\n"), "\(tags.stdoutText)")
        let one = try tool.run(["log", "--log", log, "--from-seq", "13", "--limit", "1"])
        #expect(one.stdoutText.hasSuffix("(1 tag record)\n"), "\(one.stdoutText)")
    }

    @Test func typeTagSetSelectsTagRecords() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        let tags = try tool.run(["log", "--log", log, "--type", "tag.set", "--format", "json"])
        #expect(tags.status == 0 && Self.seqs(tags.stdoutText) == [7, 13])
        #expect(tags.stdoutText.contains(#""type":"tag.set","v":1,"data":{"name":"first","seq":6,"note":"six in"}"#))
        let both = try tool.run(["log", "--log", log, "--type", "tag.set", "--type", "sample.submitted", "--format", "json"])
        #expect(Self.seqs(both.stdoutText) == Array(1...14))
        let samples = try tool.run(["log", "--log", log, "--type", "sample.submitted", "--format", "json"])
        #expect(Self.seqs(samples.stdoutText) == Array(1...14).filter { $0 != 7 && $0 != 13 })
    }

    @Test func followStartsWithTheLastTen() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        let last = try tool.run(["log", "--log", log, "--follow", "--limit", "10", "--format", "json"], timeout: 30)
        #expect(last.status == 0 && Self.seqs(last.stdoutText) == Array(5...14))
        // With a filter, the last 10 records it selects.
        let submitted = try tool.run(["log", "--log", log, "--follow", "--limit", "10", "--format", "json",
                                      "--type", "sample.submitted"], timeout: 30)
        #expect(submitted.status == 0 && Self.seqs(submitted.stdoutText) == [3, 4, 5, 6, 8, 9, 10, 11, 12, 14])
    }
}
