import Foundation
import Testing

/// `tslog diff`'s summary through the built binary: "unchanged" counts the samples that are rows at
/// both points with the same values — untouched ones included, never one absent at either point.
@Suite("tslog diff counts")
struct DiffCountTests {
    @Test func unchangedIsEveryRowTheSameAtBothPoints() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        func id(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", n) }
        func submit(_ n: Int, _ type: String = "grade") -> String {
            #"{"type":"sample.submitted","sample_id":"\#(id(n))","occurred_at":"2026-11-25T12:00:00Z","image_url":"https://img/\#(n).jpg","image_path":"p/\#(n).jpg","label":"good","label_type":"\#(type)"}"#
        }
        // seq 1-5: five samples (4 grade, 1 defect). seq 6: relabel 1; 7: delete 2; 8: status of 3;
        // 9, 10: relabel 4 and back; 11: submit 6, 12: delete it again.
        let lines = [submit(1), submit(2), submit(3), submit(4), submit(5, "defect"),
                     #"{"type":"sample.relabeled","sample_id":"\#(id(1))","label":"bad"}"#,
                     #"{"type":"sample.deleted","sample_id":"\#(id(2))"}"#,
                     #"{"type":"nyckel.responded","sample_id":"\#(id(3))","status":"accepted"}"#,
                     #"{"type":"sample.relabeled","sample_id":"\#(id(4))","label":"bad"}"#,
                     #"{"type":"sample.relabeled","sample_id":"\#(id(4))","label":"good"}"#,
                     submit(6),
                     #"{"type":"sample.deleted","sample_id":"\#(id(6))"}"#]
        #expect(try tool.run(["append", "--log", log], stdin: Array((lines.joined(separator: "\n") + "\n").utf8)).status == 0)
        func summary(_ words: [String]) throws -> String {
            let r = try tool.run(["diff"] + words + ["--log", log, "--format", "json"])
            #expect(r.status == 0, "\(r.stderrText)")
            let text = r.stdoutText
            guard let a = text.range(of: #""summary":"#), let b = text[a.upperBound...].firstIndex(of: "}") else { return text }
            return String(text[a.upperBound...b])
        }
        // 4 (relabeled and back) and 5 (untouched) are unchanged; 6 exists at neither point.
        #expect(try summary(["5", "12"]) == #"{"added":0,"deleted":1,"relabeled":1,"status_changed":1,"modified":0,"unchanged":2,"removed":1,"updated":0}"#)
        // Nothing happened between 5 and 5: all five rows are unchanged.
        #expect(try summary(["5", "5"]) == #"{"added":0,"deleted":0,"relabeled":0,"status_changed":0,"modified":0,"unchanged":5,"removed":0,"updated":0}"#)
        // From the empty log every row is added, none unchanged.
        #expect(try summary(["0", "12"]) == #"{"added":4,"deleted":0,"relabeled":0,"status_changed":0,"modified":0,"unchanged":0,"removed":0,"updated":0}"#)
        // A metadata update (sample.updated) is counted as modified, and the sample is no longer unchanged.
        let update = #"{"type":"sample.updated","sample_id":"\#(id(5))","image_width":640}"# + "\n"
        #expect(try tool.run(["append", "--log", log], stdin: Array(update.utf8)).status == 0)
        #expect(try summary(["5", "13"]) == #"{"added":0,"deleted":1,"relabeled":1,"status_changed":1,"modified":1,"unchanged":1,"removed":1,"updated":1}"#)
        // The table says the issue's words: added, removed, relabeled, status changed, updated, unchanged.
        let table = try tool.run(["diff", "5", "13", "--log", log]).stdoutText
        #expect(table.contains("""
            Summary
                  kind      | samples
            ----------------+---------
             added          |       0
             removed        |       1
             relabeled      |       1
             status changed |       1
             updated        |       1
             unchanged      |       1
            (6 rows)
            """), "\(table)")
        #expect(table.contains(" | removed ") && table.contains(" | updated ") && !table.contains("modified"), "\(table)")
        // Filtered: only defect rows (5, untouched until seq 12).
        let defect = try tool.run(["diff", "5", "12", "--label-type", "defect", "--log", log, "--format", "json"]).stdoutText
        #expect(defect.contains(#""unchanged":1,"#), "\(defect)")
    }
}
