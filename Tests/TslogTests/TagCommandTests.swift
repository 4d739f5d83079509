import Foundation
import Testing
@testable import tslog

@Suite("tslog tag, tags, --as-of-tag")
struct TagCommandTests {
    @Test func tagMoveAndList() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let missing = runInProcess(["tag", "v0", "--log", log])
        #expect(missing.status == 1 && !FileManager.default.fileExists(atPath: log), "\(missing.stderr)")
        let last = try ExportTestLog.make(log, samples: 10)

        let first = runInProcess(["tag", "model-v3", "--note", "trained, \"v3\"", "--log", log])
        #expect(first.status == 0 && first.stdout == "tagged seq \(last) as 'model-v3' (recorded at seq \(last + 1))\n", "\(first.stderr)")
        let again = runInProcess(["tag", "model-v3", "--at-seq", "3", "--log", log])
        #expect(again.status == 1 && again.stderr == "Error: tag 'model-v3' already exists (at seq \(last)); use --move to move it\n")
        let moved = runInProcess(["tag", "model-v3", "--at-seq", "3", "--move", "--log", log])
        #expect(moved.stdout == "moved tag 'model-v3' from seq \(last) to seq 3 (recorded at seq \(last + 2))\n")
        #expect(runInProcess(["tag", "start", "--at", "2000-01-01T00:00:00Z", "--log", log]).status == 0)

        let json = try ExportTestLog.run(["tags", "--format", "json", "--log", log])
        let lines = json.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[0] == "[" && lines[3] == "]")
        #expect(lines[1].hasPrefix(#"{"name":"model-v3","seq":3,"recorded_at":""#))
        #expect(lines[1].hasSuffix(#"","note":null,"record_seq":\#(last + 2),"moves":1},"#))
        #expect(lines[2].hasPrefix(#"{"name":"start","seq":0,"recorded_at":""#))
        #expect(try ExportTestLog.run(["tags", "--format", "csv", "--log", log]).hasPrefix("name,seq,recorded_at,note,record_seq,moves\n"))

        // The tag records are in the log, verified, and shown by `log` (issue 19: it leaves no seq out).
        let tail = try String(contentsOfFile: "\(log)/00000000000000000001.jsonl", encoding: .utf8).split(separator: "\n").suffix(3)
        #expect(tail.map { $0.contains(#""type":"tag.set","v":1,"data":{"name":"#) } == [true, true, true])
        #expect(tail.first?.contains(#""data":{"name":"model-v3","seq":\#(last),"note":"trained, \"v3\""},"crc32c""#) == true)
        #expect(tail.dropFirst().first?.contains(#""data":{"name":"model-v3","seq":3,"moved_from":\#(last)},"crc32c""#) == true)
        #expect(runInProcess(["verify", "--log", log]).status == 0)
        #expect(try ExportTestLog.run(["log", "--format", "json", "--log", log]).split(separator: "\n").count == last + 3)
        #expect(try ExportTestLog.run(["log", "--format", "json", "--log", log, "--type", "tag.set"]).split(separator: "\n").count == 3)
        #expect(runInProcess(["append", "--log", log], stdin: Array(ExportTestLog.lines(seed: 99, samples: 2).joined(separator: "\n").utf8)).status == 0)
    }

    @Test(arguments: [
        (["tag", "two words"], 64, "Error: invalid tag name 'two words': a tag name must not contain whitespace or control characters (found U+20)\n"),
        (["tag", "123"], 64, "Error: invalid tag name '123': a tag name must not be all digits (it would read as a seq number)\n"),
        (["tag", "v", "--at-seq", "1", "--at", "2026-01-01T00:00:00Z"], 64, "Error: options '--at-seq' and '--at' cannot be used together\n"),
        (["tag", "v", "--at-seq", "999"], 1, "Error: option '--at-seq': seq 999 is beyond the end of the log, which ends at seq 3\n"),
        (["tag", "v", "--at", "2999-01-01"], 1, "Error: option '--at': 2999-01-01T00:00:00Z is in the future; the log ends at seq 3"),
        (["query", "labels", "--as-of-tag", "nope"], 1, "Error: option '--as-of-tag': no tag named 'nope' (tags: t)\n"),
        (["query", "labels", "--as-of-tag", "t", "--as-of-seq", "1"], 64, "Error: options '--as-of-seq' and '--as-of-tag' cannot be used together\n"),
        (["export", "--as-of-tag", "t", "--as-of", "2026-01-01T00:00:00Z"], 64, "Error: options '--as-of' and '--as-of-tag' cannot be used together\n"),
    ] as [([String], Int32, String)])
    func refusals(_ words: [String], _ status: Int32, _ stderrStart: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let last = try ExportTestLog.make(log, seed: 1, samples: 1)
        #expect(last == 2)
        #expect(runInProcess(["tag", "t", "--log", log]).status == 0)
        let r = runInProcess(words + ["--log", log])
        #expect(r.status == status && r.stderr.hasPrefix(stderrStart), "\(r.stderr)")
    }

    /// `--as-of-tag T` answers exactly as `--as-of-seq` of T's position, for every query, stats and export.
    @Test func asOfTagEqualsAsOfSeqOfItsPosition() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let last = try ExportTestLog.make(log, seed: 5, samples: 40)
        let point = last / 2
        _ = try ExportTestLog.run(["tag", "half", "--at-seq", "\(point)", "--log", log])
        try ExportTestLog.make(log, seed: 6, samples: 5)  // events after the tag record change the end
        for query in ReplayCommandTests.queries {
            for format in ["csv", "json"] {
                let tagged = try ExportTestLog.run(["query"] + query + ["--format", format, "--log", log, "--as-of-tag", "half"])
                let bySeq = try ExportTestLog.run(["query"] + query + ["--format", format, "--log", log, "--as-of-seq", "\(point)"])
                let atEnd = try ExportTestLog.run(["query"] + query + ["--format", format, "--log", log])
                #expect(tagged == bySeq, "\(query)")
                if query == ["overall"] { #expect(tagged != atEnd) }
            }
        }
        #expect(try ExportTestLog.run(["project", "stats", "--format", "json", "--log", log, "--as-of-tag", "half"])
                == ExportTestLog.run(["project", "stats", "--format", "json", "--log", log, "--as-of-seq", "\(point)"]))
        for format in ["csv", "json", "jsonl", "sql", "roboflow", "label-studio", "manifest"] {
            #expect(try ExportTestLog.run(["export", "--format", format, "--log", log, "--as-of-tag", "half"])
                    == ExportTestLog.run(["export", "--format", format, "--log", log, "--as-of-seq", "\(point)"]), "\(format)")
        }
        let copy = dir.appendingPathComponent("copy").path
        #expect(try ExportTestLog.run(["replay", "--log", log, "--into", copy, "--as-of-tag", "half"])
                == "replayed \(point) events (seq 1-\(point)) into \(copy); verified\n")
    }

    /// Tag, append more, replay everything into a fresh log: every export by the tag is the same bytes there.
    @Test func exportsByTagAreByteIdenticalAcrossAReplay() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log, seed: 11, samples: 30)
        _ = try ExportTestLog.run(["tag", "model-v1", "--note", "first model", "--log", log])
        try ExportTestLog.make(log, seed: 12, samples: 10)
        _ = try ExportTestLog.run(["tag", "model-v2", "--log", log])
        try ExportTestLog.make(log, seed: 13, samples: 5)
        let copy = dir.appendingPathComponent("copy").path
        _ = try ExportTestLog.run(["replay", "--log", log, "--into", copy])
        #expect(try ExportTestLog.run(["tags", "--format", "json", "--log", copy]) == ExportTestLog.run(["tags", "--format", "json", "--log", log]))
        for tag in ["model-v1", "model-v2"] {
            for format in ["csv", "json", "jsonl", "sql", "roboflow", "label-studio", "manifest"] {
                let original = dir.appendingPathComponent("a-\(tag).\(format)").path
                let replayed = dir.appendingPathComponent("b-\(tag).\(format)").path
                _ = try ExportTestLog.run(["export", "--format", format, "--log", log, "--as-of-tag", tag, "--out", original])
                _ = try ExportTestLog.run(["export", "--format", format, "--log", copy, "--as-of-tag", tag, "--out", replayed])
                let a = try #require(FileManager.default.contents(atPath: original))
                #expect(!a.isEmpty)
                #expect(a == FileManager.default.contents(atPath: replayed), "\(tag) \(format)")
                #expect(FileManager.default.contents(atPath: original + ".position.json")
                        == FileManager.default.contents(atPath: replayed + ".position.json"))
            }
        }
        #expect(try ExportTestLog.run(["export", "--log", log, "--as-of-tag", "model-v1"])
                != ExportTestLog.run(["export", "--log", log, "--as-of-tag", "model-v2"]))
    }
}
