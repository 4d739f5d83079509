import Foundation
import Testing

/// Every output that summarises a repaired log says how many records were lost (issue 17):
/// `project stats` (table and JSON), the HTML `report`, `history --format json`; and `log`
/// shows a `log.lost` marker whatever `--type` and `--sample` say, since nobody can tell what
/// the lost record was. Through the built binary, with the per-sample index missing (right after
/// the repair) and then present (after an append).
@Suite struct RepairMarkerOutputsTests {
    static func id(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012x", n) }

    /// Ten submissions, the record at seq 5 damaged, then `verify --repair`: seq 5 holds a marker.
    func repairedLog(_ tool: BinaryRunner, _ base: URL) throws -> String {
        let log = base.path + "/log"
        let lines = (1...10).map { i in
            #"{"type":"sample.submitted","sample_id":"\#(Self.id(i))","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#
        }
        #expect(try tool.run(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        let segment = log + "/00000000000000000001.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes[starts[4] + 40] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let repair = try tool.run(["verify", "--repair", "--log", log])
        #expect(repair.status == 0 && repair.stdoutText.contains("lost: seq 5 (1 record)"), "\(repair.stdoutText)\(repair.stderrText)")
        return log
    }

    @Test func summariesCountTheLostRecordsAndFiltersShowTheMarker() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = try repairedLog(tool, base)
        for round in ["no per-sample index", "after an append"] {
            if round == "after an append" {
                let more = #"{"type":"sample.relabeled","sample_id":"\#(Self.id(6))","label":"pristine"}"#
                #expect(try tool.run(["append", "--log", log], stdin: Array(more.utf8)).status == 0)
                #expect(FileManager.default.fileExists(atPath: log + "/index/sample_seq.tbl"), "the append did not rebuild the per-sample index")
            }
            let json = try tool.run(["project", "stats", "--log", log, "--format", "json"])
            #expect(json.status == 0 && json.stdoutText.hasSuffix(#","lost":[{"from_seq":5,"through_seq":5,"records":1}]}"# + "\n"),
                    "\(round): \(json.stdoutText)")
            let table = try tool.run(["project", "stats", "--log", log])
            #expect(table.stdoutText.hasSuffix("Lost in a repair\n  seq 5 (1 record) (log.lost markers: the figures above miss what they held)\n"),
                    "\(round): \(table.stdoutText)")
            let report = try tool.run(["report", "--log", log])
            #expect(report.status == 0 && report.stdoutText.contains(#"<section class="card" id="lost" data-lost-records="1""#), "\(round)")
            #expect(report.stdoutText.contains("This log lost seq 5 (1 record) in a repair"), "\(round)")
            // The lost run sits in seq order among the sample's events.
            let history = try tool.run(["history", Self.id(6), "--log", log, "--format", "json"])
            let items = history.stdoutText.split(separator: "\n").map(String.init)
            #expect(history.status == 0 && items.count >= 4, "\(round): \(history.stdoutText)")
            #expect(items.count >= 3 && items[1] == #"{"seq":5,"type":"log.lost","through_seq":5,"records":1},"#, "\(round): \(history.stdoutText)")
            #expect(items.count >= 3 && items[2].hasPrefix(#"{"seq":6,"#), "\(round)")
            // Filters keep the marker: the lost record may have been one they select.
            for filter in [["--type", "sample.relabeled"], ["--sample", Self.id(2)], ["--type", "tag.set"]] {
                let listed = try tool.run(["log", "--log", log, "--format", "json"] + filter)
                #expect(listed.status == 0 && listed.stdoutText.contains(#"{"seq":5,"#) && listed.stdoutText.contains(#""type":"log.lost""#),
                        "\(round) \(filter): \(listed.stdoutText)")
                #expect(!listed.stdoutText.contains(#"{"seq":4,"#), "\(round) \(filter)")
            }
        }
        // A log never repaired reads as before: no lost section anywhere.
        let clean = base.path + "/clean"
        let line = #"{"type":"sample.submitted","sample_id":"\#(Self.id(1))","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#
        #expect(try tool.run(["append", "--log", clean], stdin: Array(line.utf8)).status == 0)
        #expect(try !tool.run(["project", "stats", "--log", clean, "--format", "json"]).stdoutText.contains(#""lost""#))
        #expect(try !tool.run(["report", "--log", clean]).stdoutText.contains(#"id="lost""#))
    }

    /// docs/http.md: `tslog log --type` takes the record types `GET /v1/events?type=` takes,
    /// `log.lost` among them; with it alone, just the markers are listed (it was a usage error,
    /// exit 64, while the endpoint answered the markers).
    @Test func typeLogLostListsJustTheMarkers() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = try repairedLog(tool, base)
        let json = try tool.run(["log", "--log", log, "--format", "json", "--type", "log.lost"])
        #expect(json.status == 0, "\(json.stderrText)")
        let lines = json.stdoutText.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix(#"{"seq":5,"#) == true && json.stdoutText.contains(#""type":"log.lost""#),
                "\(json.stdoutText)")
        let table = try tool.run(["log", "--log", log, "--type", "log.lost"])
        #expect(table.status == 0 && table.stdoutText.contains("log.lost"), "\(table.stdoutText)\(table.stderrText)")
        let help = try tool.run(["log", "--help"])
        #expect(help.stdoutText.contains("log.lost"), "\(help.stdoutText)")
    }
}
