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

        let repair = runInProcess(["verify", "--log", log, "--repair"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let lines = repair.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6, "\(repair.stdout)")
        #expect(lines[0].hasPrefix("found: corrupt record: ") && lines[0].hasSuffix("(segment 00000000000000000001.jsonl, byte offset \(lineStarts[4]), line 5, seq 5)"))
        #expect(lines[1].hasPrefix("moved to \(log)/damaged/") && lines[1].hasSuffix(": 00000000000000000001.jsonl"), "\(lines[1])")
        #expect(lines[2] == "kept the first \(lineStarts[4]) bytes of 00000000000000000001.jsonl (records up to seq 4)")
        #expect(lines[3] == "lost: seq 5-10 (6 records); 5 of them intact in the moved files")
        #expect(lines[4] == "ok: 1 segment, 4 records, \(lineStarts[4]) bytes")

        #expect(runInProcess(["verify", "--log", log]).status == 0)
        let again = runInProcess(["verify", "--log", log, "--repair"])
        #expect(again.stdout == "nothing to repair\nok: 1 segment, 4 records, \(lineStarts[4]) bytes\n")
        // The lost samples can be appended again; seqs continue at 5.
        let append = runInProcess(["append", "--log", log], stdin: Array(submitLines(10).split(separator: 0x0A)[4...].map { Array($0) + [0x0A] }.joined()))
        #expect(append.stdout == "appended 6 events (seq 5-10), 0 duplicates skipped\n", "\(append.stderr)")
    }
}
