import Foundation
import TestSupport
import Testing

/// The core workflow run through the built binary: append, duplicates, refusals, log, query,
/// history, verify, corruption, demo. Each test has its own log directory.
@Suite("tslog workflow through the binary")
struct WorkflowTests {
    let tslog: BinaryRunner
    init() throws { tslog = try BinaryRunner.locate() }

    static let submit = #"{"type":"sample.submitted","sample_id":"%@","event_id":"%@","occurred_at":"%@","image_url":"https://x.supabase.co/a/%@.jpg","image_path":"a/%@.jpg","label":"%@","label_type":"grade"}"#

    static func submitLine(_ n: Int, label: String = "near_mint", at time: String = "2026-11-20T10:00:00Z") -> String {
        let id = String(format: "00000000-0000-4000-8000-%012d", n)
        return String(format: submit, id, "e\(n)", time, id, id, label) + "\n"
    }

    func withLog(_ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        try body(directory.path + "/log")
    }

    @Test func appendPrintsTheRangeAndRetriesAreDuplicates() throws {
        try withLog { log in
            let batch = Array((1...3).map { Self.submitLine($0) }.joined().utf8)
            let first = try tslog.run(["append", "--log", log], stdin: batch)
            #expect(first.status == 0)
            #expect(first.stdoutText == "appended 3 events (seq 1-3), 0 duplicates skipped\n")
            #expect(first.stderr.isEmpty)
            let again = try tslog.run(["append", "--log", log], stdin: batch)
            #expect(again.status == 0)
            #expect(again.stdoutText == "appended 0 events, 3 duplicates skipped\n")
            let more = try tslog.run(["append", "--log", log], stdin: Array(Self.submitLine(4).utf8))
            #expect(more.stdoutText == "appended 1 event (seq 4), 0 duplicates skipped\n")
        }
    }

    @Test func aBadLineRefusesTheWholeBatchAndNamesEveryBadLine() throws {
        try withLog { log in
            let lines = Self.submitLine(1) + Self.submitLine(2).replacingOccurrences(of: "\"grade\"", with: "\"color\"")
                + "\n" + "{not json\n"
            let r = try tslog.run(["append", "--log", log], stdin: Array(lines.utf8))
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty)
            #expect(r.stderrText.contains("line 2: field 'label_type': expected defect, region or grade, got 'color'"))
            #expect(r.stderrText.contains("line 4: malformed JSON"))
            #expect(r.stderrText.contains("Error: nothing appended: 2 of 3 lines refused"))
            // Nothing changed: the refused batch did not even make the log directory (the hostile
            // round: it used to leave an empty log behind, which `verify` read as 0 segments).
            #expect(!FileManager.default.fileExists(atPath: log))

            let skipping = try tslog.run(["append", "--log", log, "--skip-invalid"], stdin: Array(lines.utf8))
            #expect(skipping.status == 0)
            #expect(skipping.stdoutText == "appended 1 event (seq 1), 0 duplicates skipped, 2 invalid lines skipped\n")
            #expect(skipping.stderrText.contains("skipped line 2: field 'label_type'"))
        }
    }

    @Test func stateIsCheckedAgainstTheLogAcrossCalls() throws {
        try withLog { log in
            _ = try tslog.run(["append", "--log", log], stdin: Array(Self.submitLine(1).utf8))
            let id = "00000000-0000-4000-8000-000000000001"
            let second = try tslog.run(["append", "--log", log], stdin: Array(Self.submitLine(1).replacingOccurrences(of: "\"e1\"", with: "\"x1\"").utf8))
            #expect(second.status == 1)
            #expect(second.stderrText.contains("line 1: field 'sample_id': sample \(id) already exists"))
            let delete = #"{"type":"sample.deleted","sample_id":"\#(id)"}"# + "\n"
            #expect(try tslog.run(["append", "--log", log], stdin: Array(delete.utf8)).status == 0)
            let afterDelete = try tslog.run(["append", "--log", log], stdin: Array(#"{"type":"nyckel.responded","sample_id":"\#(id)","status":"accepted"}"#.utf8))
            #expect(afterDelete.status == 1)
            #expect(afterDelete.stderrText.contains("was deleted"))
        }
    }

    @Test func queriesAnswerNowAndAsOfAnEarlierSeq() throws {
        try withLog { log in
            let lines = Self.submitLine(1, label: "pristine") + Self.submitLine(2, label: "pristine") + Self.submitLine(3, label: "damaged")
                + #"{"type":"sample.relabeled","sample_id":"00000000-0000-4000-8000-000000000003","label":"pristine"}"# + "\n"
            _ = try tslog.run(["append", "--log", log], stdin: Array(lines.utf8))
            let now = try tslog.run(["query", "labels", "--log", log, "--format", "csv"])
            #expect(now.status == 0)
            #expect(now.stdoutText == "label,label_type,count\npristine,grade,3\n")
            let before = try tslog.run(["query", "labels", "--log", log, "--format", "csv", "--as-of-seq", "3"])
            #expect(before.stdoutText == "label,label_type,count\npristine,grade,2\ndamaged,grade,1\n")
            let beyond = try tslog.run(["query", "overall", "--log", log, "--as-of-seq", "9"])
            #expect(beyond.status == 1)
            #expect(beyond.stderrText.contains("seq 9 is beyond the end of the log, which ends at seq 4"))
            let history = try tslog.run(["history", "00000000-0000-4000-8000-000000000003", "--log", log, "--format", "json"])
            #expect(history.status == 0)
            #expect(history.stdoutText.contains("\"label_before\":\"damaged\""))
            let unknown = try tslog.run(["history", "00000000-0000-4000-8000-000000000099", "--log", log])
            #expect(unknown.status == 1)
            #expect(unknown.stderrText.contains("no sample 00000000-0000-4000-8000-000000000099"))
        }
    }

    @Test func aFlippedByteIsNamedByVerifyAndRefusedForWriting() throws {
        try withLog { log in
            _ = try tslog.run(["append", "--log", log], stdin: Array(((1...3).map { Self.submitLine($0) }.joined()).utf8))
            let segment = log + "/00000000000000000001.jsonl"
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment)))
            let second = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 1
            bytes[second + 40] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: segment))
            let verify = try tslog.run(["verify", "--log", log])
            #expect(verify.status == 1)
            #expect(verify.stderrText.contains("00000000000000000001.jsonl"))
            #expect(verify.stderrText.contains("seq 2"))
            // Opening for append reads only the record at the recovery point (seq 3) and after it
            // (docs/events.md, "What each command checks"): the append goes in; every read of
            // seq 2 still refuses it, naming it.
            let append = try tslog.run(["append", "--log", log], stdin: Array(Self.submitLine(9).utf8))
            #expect(append.status == 0)
            let read = try tslog.run(["log", "--log", log])
            #expect(read.status == 1)
            #expect(read.stderrText.contains("00000000000000000001.jsonl"))
        }
    }

    @Test func logPrintsStoredLinesThatJqReads() throws {
        try withLog { log in
            _ = try tslog.run(["append", "--log", log], stdin: Array(((1...3).map { Self.submitLine($0) }.joined()).utf8))
            let json = try tslog.run(["log", "--log", log, "--format", "json", "--from-seq", "2"])
            let segment = try String(contentsOfFile: log + "/00000000000000000001.jsonl", encoding: .utf8)
            #expect(json.stdoutText == segment.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined())
            let jq = try ChildProcess.spawn("/usr/bin/jq", ["-c", ".", log + "/00000000000000000001.jsonl"])
            #expect(try jq.wait() == 0)
        }
    }

    @Test func demoIsReproducibleForASeed() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        var segments: [String] = []
        for name in ["a", "b"] {
            let r = try tslog.run(["demo", "--log", directory.path + "/" + name, "--samples", "300", "--seed", "7"])
            #expect(r.status == 0)
            #expect(r.stdoutText.contains("Overall"))
            let text = try String(contentsOfFile: directory.path + "/\(name)/00000000000000000001.jsonl", encoding: .utf8)
            // recorded_at (and so the checksum) is the time of the append; everything else must match.
            segments.append(text.replacingOccurrences(of: #""recorded_at":"[^"]*""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #""crc32c":"[0-9a-f]{8}""#, with: "", options: .regularExpression))
        }
        #expect(segments[0] == segments[1])
        #expect(segments[0].count > 10_000)
        let again = try tslog.run(["demo", "--log", directory.path + "/a"])
        #expect(again.status == 1)
        #expect(again.stderrText.contains("already holds a log"))
    }

    @Test func aByteOrderMarkBeforeTheFirstLineIsIgnored() throws {
        try withLog { log in
            let r = try tslog.run(["append", "--log", log], stdin: [0xEF, 0xBB, 0xBF] + Array(Self.submitLine(1).utf8))
            #expect(r.status == 0)
            #expect(r.stdoutText == "appended 1 event (seq 1), 0 duplicates skipped\n")
        }
    }
}
