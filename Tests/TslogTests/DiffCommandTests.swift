import EventLog
import Foundation
import Testing
@testable import tslog

@Suite("tslog diff")
struct DiffCommandTests {
    static let id1 = "00000000-0000-4000-8000-000000000001"
    static let id2 = "00000000-0000-4000-8000-000000000002"

    func line(_ type: String, _ id: String, _ rest: String) -> String {
        #"{"type":"\#(type)","sample_id":"\#(id)","occurred_at":"2026-11-25T10:00:00Z"\#(rest)}"#
    }

    @Test func diffBetweenTagsSeqsAndTimes() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let submit = #","image_url":"https://img/1.jpg","image_path":"p/1.jpg","label":"a","label_type":"grade""#
        func append(_ lines: [String]) throws {
            let r = runInProcess(["append", "--log", log], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
            guard r.status == 0 else { throw CLIFailure.runtime(r.stderr) }
        }
        try append([line("sample.submitted", DiffCommandTests.id1, submit)])
        _ = try ExportTestLog.run(["tag", "v1", "--log", log])
        try append([line("sample.relabeled", DiffCommandTests.id1, #","label":"b""#),
                    line("sample.submitted", DiffCommandTests.id2, submit),
                    line("sample.relabeled", DiffCommandTests.id1, #","label":"a""#)])
        _ = try ExportTestLog.run(["tag", "v2", "--log", log])

        let csv = try ExportTestLog.run(["diff", "v1", "v2", "--format", "csv", "--log", log])
        #expect(csv == """
            id,kind,label_before,label_type_before,label_after,label_type_after,status_before,status_after,changed_columns,event_seqs
            \(DiffCommandTests.id2),added,,,a,grade,,submitted,"",4

            """)
        let json = try ExportTestLog.run(["diff", "v1", "v2", "--format", "json", "--events", "--log", log])
        #expect(json.hasPrefix("""
            {"from":"v1","from_seq":1,"to":"v2","to_seq":5,"summary":{"added":1,"deleted":0,"relabeled":0,"status_changed":0,"modified":0,"unchanged":1,"removed":0,"updated":0},
            "labels":[
            {"label_type":"grade","label":"a","before":1,"after":2,"entered":1,"left":0,"net":1}
            ],
            "rows":[
            {"id":"\(DiffCommandTests.id2)","kind":"added","label_before":null,"label_type_before":null,"label_after":"a","label_type_after":"grade","status_before":null,"status_after":"submitted","changed_columns":[],"event_seqs":[4]}
            ],
            "events":[
            {"seq":3,
            """), "\(json)")
        #expect(json.contains(#""type":"sample.relabeled","change":"label b (grade) → a (grade)"}"#))
        #expect(json.hasSuffix("]}\n"))
        // The same points named by seq; by time (now: the end, which is seq 6 after the v2 tag record).
        #expect(try ExportTestLog.run(["diff", "1", "5", "--format", "csv", "--log", log]) == csv)
        let byTime = try ExportTestLog.run(["diff", "v1", Timestamp.now().rfc3339(), "--format", "json", "--log", log])
        #expect(byTime.hasPrefix(#"{"from":"v1","from_seq":1,"to":""#) && byTime.contains(#""to_seq":6,"#))
        let table = try ExportTestLog.run(["diff", "v1", "v2", "--events", "--log", log])
        #expect(table.hasPrefix("Diff from v1 (seq 1) to v2 (seq 5)\n\nSummary\n"))
        #expect(table.contains("\nEvents\n"))
        let unknown = runInProcess(["diff", "v1", "v9", "--log", log])
        #expect(unknown.status == 1 && unknown.stderr == "Error: no tag named 'v9' (tags: v1, v2)\n")
        let empty = try ExportTestLog.run(["diff", "v2", "v2", "--format", "csv", "--log", log])
        #expect(empty == "id,kind,label_before,label_type_before,label_after,label_type_after,status_before,status_after,changed_columns,event_seqs\n")
    }
}
