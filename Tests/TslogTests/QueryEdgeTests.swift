import Foundation
import Testing

/// Rough edges of `tslog query`, through the built binary: what its help says is what it does.
@Suite("tslog query edges")
struct QueryEdgeTests {
    /// A log of three samples: two grade, one defect, one of them with a formula-like label.
    static func makeLog(_ tool: BinaryRunner, _ log: String) throws {
        let lines = [
            #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000001","occurred_at":"2026-11-25T12:00:01Z","image_url":"=HYPERLINK(\"http://evil\")","image_path":"p/1.jpg","label":"good","label_type":"grade"}"#,
            #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000002","occurred_at":"2026-11-25T12:00:02Z","image_url":"https://img/2.jpg","image_path":"p/2.jpg","label":"good","label_type":"grade"}"#,
            #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000003","occurred_at":"2026-11-25T12:00:03Z","image_url":"https://img/3.jpg","image_path":"p/3.jpg","label":"=cmd|' /C calc'!A0","label_type":"defect"}"#,
            #"{"type":"nyckel.responded","sample_id":"00000000-0000-4000-8000-000000000003","status":"error"}"#,
        ]
        let r = try tool.run(["append", "--log", log], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        guard r.status == 0 else { throw BinaryRunner.RunnerError(description: "append: \(r.stderrText)") }
    }

    @Test func labelTypeHelpSaysWhatLabelsDoes() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        let help = try tool.run(["query", "--help"]).stdoutText
        #expect(help.contains("labels, samples: only this label type (default: every"))
        #expect(!help.contains("The label type for labels, samples and balance."))
        // Without --label-type, labels answers every type, as the help says.
        let all = try tool.run(["query", "labels", "--log", log, "--format", "csv"])
        #expect(all.status == 0 && all.stdoutText.contains(",grade,2\n") && all.stdoutText.contains(",defect,1\n"))
        let grade = try tool.run(["query", "labels", "--log", log, "--format", "csv", "--label-type", "grade"])
        #expect(grade.status == 0 && !grade.stdoutText.contains("defect"))
    }

    @Test func failIfRowsExitsTwoWhenTheAnswerHasRows() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        // grade has one label with 2 samples: under 10, a row; under 1, none.
        let plain = try tool.run(["query", "balance", "--log", log])
        let alert = try tool.run(["query", "balance", "--log", log, "--fail-if-rows"])
        #expect(plain.status == 0 && alert.status == 2 && alert.stdout == plain.stdout && alert.stderr.isEmpty)
        let quiet = try tool.run(["query", "balance", "--log", log, "--below", "1", "--fail-if-rows", "--format", "csv"])
        #expect(quiet.status == 0 && quiet.stdoutText == "label,count\n")
        let problems = try tool.run(["query", "problems", "--log", log, "--fail-if-rows", "--format", "csv"])
        #expect(problems.status == 2 && problems.stdoutText.contains("00000000-0000-4000-8000-000000000003"))
        let none = try tool.run(["query", "problems", "--log", log, "--fail-if-rows", "--as-of-seq", "2"])
        #expect(none.status == 0)
        // An error is still 1, not 2.
        let missing = try tool.run(["query", "balance", "--log", dir.appendingPathComponent("nope").path, "--fail-if-rows"])
        #expect(missing.status == 1)
    }
}

extension QueryEdgeTests {
    /// `query --format csv` guards text cells like `export --format csv` (one guard); numbers
    /// (a count of -1 is impossible, but ints are never guarded) and `--raw-cells` stay as they are.
    @Test func queryCSVGuardsFormulasLikeExport() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try Self.makeLog(tool, log)
        let scans = try tool.run(["query", "failed", "--log", log, "--format", "csv"])
        #expect(scans.status == 0)
        #expect(scans.stdoutText.contains(",'=cmd|' /C calc'!A0,defect,"), "\(scans.stdoutText)")
        let samples = try tool.run(["query", "samples", "--label", "good", "--log", log, "--format", "csv"])
        #expect(samples.stdoutText.contains(#""'=HYPERLINK(""http://evil"")""#), "\(samples.stdoutText)")
        // The same cell in the export is guarded the same way.
        let export = try tool.run(["export", "--log", log, "--format", "csv"])
        #expect(export.stdoutText.contains(#""'=HYPERLINK(""http://evil"")""#) && export.stdoutText.contains(",'=cmd|' /C calc'!A0,defect,"))
        let raw = try tool.run(["query", "samples", "--label", "good", "--log", log, "--format", "csv", "--raw-cells"])
        #expect(raw.status == 0 && raw.stdoutText.contains(#""=HYPERLINK(""http://evil"")""#))
        let notCSV = try tool.run(["query", "overall", "--log", log, "--raw-cells"])
        #expect(notCSV.status == 64 && notCSV.stderrText.hasPrefix("Error: option '--raw-cells' applies to --format csv only\n"))
        // diff's csv too: the relabel's label cell.
        let diff = try tool.run(["diff", "1", "4", "--log", log, "--format", "csv"])
        #expect(diff.status == 0 && diff.stdoutText.contains(",'=cmd|' /C calc'!A0,defect,") && !diff.stdoutText.contains(",=cmd"), "\(diff.stdoutText)")
    }
}

extension QueryEdgeTests {
    /// `project stats`' daily heading says what its lines show: how many days with samples, and
    /// that the bars are the newest 7 of them (it said "last 30 days" above 7 bars).
    @Test func statsDailyHeadingSaysWhatItShows() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        var lines = ""
        for day in 1...9 {
            let id = String(format: "00000000-0000-4000-8000-%012d", day)
            lines += #"{"type":"sample.submitted","sample_id":"\#(id)","occurred_at":"2026-11-0\#(day)T12:00:00Z","image_url":"https://img/\#(day).jpg","image_path":"p/\#(day).jpg","label":"good","label_type":"grade"}"# + "\n"
        }
        #expect(try tool.run(["append", "--log", log], stdin: Array(lines.utf8)).status == 0)
        let stats = try tool.run(["project", "stats", "--log", log])
        let text = stats.stdoutText
        #expect(stats.status == 0 && text.contains("Daily — the last 9 days with samples: 9 samples\n  2026-11-01 █████████ 2026-11-09\n  the newest 7:\n"), "\(text)")
        let bars = text.split(separator: "\n").filter { $0.hasPrefix("  2026-11-0") && $0.hasSuffix(" 1") }
        #expect(bars.count == 7)
    }
}
