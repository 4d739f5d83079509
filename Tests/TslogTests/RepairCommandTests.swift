import Foundation
import Testing
@testable import tslog

/// `tslog verify` names the damage and exits 1; `tslog verify --repair` fixes it and says what was lost.
@Suite("tslog verify --repair")
struct RepairCommandTests {
    func submitLines(_ count: Int) -> [UInt8] {
        Array((1...count).map { i in
            String(format: #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-%012x","event_id":"e%d","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#, i, i) + "\n"
        }.joined().utf8)
    }

    @Test func verifyNamesTheDamageAndRepairKeepsWhatCameBefore() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        #expect(runInProcess(["append", "--log", log], stdin: submitLines(10)).status == 0)
        let segment = log + "/00000000000000000001.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes[lineStarts[4] + 40] ^= 0x01  // inside line 5 (seq 5)
        try Data(bytes).write(to: URL(fileURLWithPath: segment))

        let verify = runInProcess(["verify", "--log", log])
        #expect(verify.status == 1)
        #expect(verify.stdout == "")
        #expect(verify.stderr.hasPrefix("Error: corrupt record: "), "\(verify.stderr)")
        #expect(verify.stderr.hasSuffix("(segment 00000000000000000001.jsonl, byte offset \(lineStarts[4]), line 5, seq 5)\n"), "\(verify.stderr)")

        // Issue 17 changed what repair keeps: every intact record stays (seq 6-10 used to be
        // moved aside), and the damaged seq 5 holds a log.lost marker.
        let repair = runInProcess(["verify", "--log", log, "--repair"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let lines = repair.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 5, "\(repair.stdout)")
        #expect(lines[0].hasPrefix("found: corrupt record: ") && lines[0].hasSuffix("(segment 00000000000000000001.jsonl, byte offset \(lineStarts[4]), line 5, seq 5)"))
        #expect(lines[1].hasPrefix("moved to \(log)/damaged/") && lines[1].hasSuffix(": 00000000000000000001.jsonl"), "\(lines[1])")
        #expect(lines[2] == "lost: seq 5 (1 record), each marked by a log.lost record")
        let repaired = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        #expect(lines[3] == "ok: 1 segment, 10 records, \(repaired.count) bytes; lost in a repair and marked: seq 5 (1 record)")
        // Every other line is the original, byte for byte; line 5 is the marker.
        let repairedLines = repaired.split(separator: 0x0A).map(Array.init)
        let originalLines = bytes.split(separator: 0x0A).map(Array.init)
        #expect(repairedLines.count == 10)
        for k in 0..<10 where k != 4 { #expect(repairedLines[k] == originalLines[k], "line \(k + 1)") }
        #expect(String(decoding: repairedLines[4], as: UTF8.self).hasPrefix(#"{"seq":5,"recorded_at":"#))
        #expect(String(decoding: repairedLines[4], as: UTF8.self).contains(#""type":"log.lost","v":1,"data":{"reason":"corrupt record: "#))

        #expect(runInProcess(["verify", "--log", log]).status == 0)
        let again = runInProcess(["verify", "--log", log, "--repair"])
        #expect(again.stdout == "nothing to repair\n" + lines[3] + "\n")
        // The lost sample can be appended again (its event id is gone with its record); the
        // others are duplicates. Seqs continue at 11.
        let append = runInProcess(["append", "--log", log], stdin: Array(submitLines(10).split(separator: 0x0A)[4...].map { Array($0) + [0x0A] }.joined()))
        #expect(append.stdout == "appended 1 event (seq 11), 5 duplicates skipped\n", "\(append.stderr)")
    }
}
