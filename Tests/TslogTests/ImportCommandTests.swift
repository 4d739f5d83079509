import Foundation
import Testing
@testable import tslog

@Suite("tslog import")
struct ImportCommandTests {
    /// export → import into a fresh log → export gives the same bytes, for every format import reads.
    @Test(arguments: ["csv", "json", "jsonl"])
    func roundTripIsByteForByte(_ format: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let source = dir.appendingPathComponent("source").path
        let fresh = dir.appendingPathComponent("fresh").path
        try ExportTestLog.make(source, seed: 11, samples: 80)
        let file = dir.appendingPathComponent("export.\(format)").path
        #expect(runInProcess(["export", "--log", source, "--format", format, "--out", file]).status == 0)
        let first = runInProcess(["import", file, "--log", fresh])
        #expect(first.status == 0, "\(first.stderr)")
        for check in ["csv", "json", "sql", "manifest"] {
            // The sql header names each log's own position; everything after it must match.
            let a = try ExportTestLog.run(["export", "--log", fresh, "--format", check])
            let b = try ExportTestLog.run(["export", "--log", source, "--format", check])
            #expect(a.split(separator: "\n", maxSplits: check == "sql" ? 1 : 0).last == b.split(separator: "\n", maxSplits: check == "sql" ? 1 : 0).last, "\(check)")
            #expect(a.utf8.count > 1000)
        }
        // A second import of the same file appends nothing.
        let second = runInProcess(["import", file, "--log", fresh])
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("appended 0 events; "))
        #expect(second.stdout.contains(" rows read: 0 new, 0 changed, "))
    }

    @Test func changesAppendTheirEventsAndDryRunAppendsNothing() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let id1 = "00000000-0000-4000-8000-000000000001", id2 = "00000000-0000-4000-8000-000000000002"
        let header = "nyckel_status,id,created_at,image_url,image_path,label,label_type,ignored\n"
        let file = dir.appendingPathComponent("rows.csv").path
        try (header + "submitted,\(id1),2026-11-25 12:00:00+00,u1,p1,near_mint,grade,x\naccepted,\(id2),2026-11-25T13:00:00Z,u2,p2,heavy_wear,grade,y\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let dry = runInProcess(["import", file, "--log", log, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout == """
            {"type":"sample.submitted","sample_id":"\(id1)","occurred_at":"2026-11-25T12:00:00.000000Z","image_url":"u1","image_path":"p1","label":"near_mint","label_type":"grade"}
            {"type":"sample.submitted","sample_id":"\(id2)","occurred_at":"2026-11-25T13:00:00.000000Z","image_url":"u2","image_path":"p2","label":"heavy_wear","label_type":"grade"}
            {"type":"nyckel.responded","sample_id":"\(id2)","occurred_at":"2026-11-25T13:00:00.000000Z","status":"accepted"}

            """)
        #expect(dry.stderr == "dry run: would append 3 events; 2 rows read: 2 new, 0 changed, 0 unchanged\n")
        #expect(!FileManager.default.fileExists(atPath: log), "a dry run makes no log directory (issue 19)")
        #expect(try ExportTestLog.run(["import", file, "--log", log]) == "appended 3 events (seq 1-3); 2 rows read: 2 new, 0 changed, 0 unchanged\n")
        // Relabel one, drop the other from the file.
        try (header + "rejected,\(id1),2026-11-25T12:00:00Z,u1,p1,mint,grade,x\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try ExportTestLog.run(["import", file, "--log", log])
                == "appended 2 events (seq 4-5); 1 row read: 0 new, 1 changed, 0 unchanged; 1 in the log but not in the file (kept; --deletions deletes them)\n")
        #expect(try ExportTestLog.run(["import", file, "--log", log, "--deletions"])
                == "appended 1 event (seq 6); 1 row read: 0 new, 0 changed, 1 unchanged, 1 deleted\n")
        #expect(try ExportTestLog.run(["export", "--log", log, "--format", "jsonl"]).split(separator: "\n").count == 1)
        #expect(try ExportTestLog.run(["history", id1, "--log", log]).contains("sample.relabeled"))
    }

    @Test func aBadRowNamesLineAndColumnAndAppendsNothing() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let file = dir.appendingPathComponent("rows.csv").path
        try """
            id,created_at,image_url,image_path,label,label_type
            00000000-0000-4000-8000-000000000001,2026-11-25T12:00:00Z,u,p,ok,grade
            00000000-0000-4000-8000-000000000002,2026-11-25T12:00:00Z,u,"multi
            line",bad\u{7}label,grade

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = runInProcess(["import", file, "--log", log])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: nothing appended: line 3: column 'label': must not contain control characters, found U+0007\n")
        #expect(!FileManager.default.fileExists(atPath: log))  // refused before the log was even opened
        let missing = runInProcess(["import", dir.appendingPathComponent("nope.csv").path, "--log", log])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("Error: cannot open "))
    }
}
