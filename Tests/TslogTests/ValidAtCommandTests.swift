import EventLog
import Foundation
import Projections
import SampleDomain
import Testing
@testable import tslog

/// Issue 19 item 3 through the built binary: `--valid-at` on query, stats, export and report,
/// alone and with `--as-of-seq`; the HTTP reads' `valid_at`; `import --taken-at`.
@Suite("--valid-at and import --taken-at")
struct ValidAtCommandTests {
    static let a = "00000000-0000-4000-8000-00000000000a"
    static let b = "00000000-0000-4000-8000-00000000000b"

    static func submit(_ id: String, _ at: String, _ label: String) -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id)","occurred_at":"\#(at)","image_url":"u","image_path":"p","label":"\#(label)","label_type":"grade"}"#
    }
    static func relabel(_ id: String, _ at: String, _ label: String) -> String {
        #"{"type":"sample.relabeled","sample_id":"\#(id)","occurred_at":"\#(at)","label":"\#(label)"}"#
    }

    /// seq 1-2: a (Nov 5) and b (Nov 10); seq 3: a relabeled "late" on Nov 12; seq 4: a relabeled
    /// "early" on Nov 8 — recorded after seq 3, occurring before it.
    static func withLog(_ body: (BinaryRunner, String, String) throws -> Void) throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let dir = base.appendingPathComponent("log").path
        let lines = [submit(a, "2026-11-05", "first"), submit(b, "2026-11-10 08:00:00+00", "bee"),
                     relabel(a, "2026-11-12T00:00:00Z", "late"), relabel(a, "2026-11-08", "early")]
        for line in lines {  // one append per line: one record each, seq 1-4
            let r = try tool.run(["append", "--log", dir], stdin: Array((line + "\n").utf8))
            try #require(r.status == 0, "\(r.stderrText)")
        }
        try body(tool, dir, base.path)
    }

    static func labels(_ tool: BinaryRunner, _ dir: String, _ extra: [String]) throws -> String {
        let r = try tool.run(["query", "labels", "--label-type", "grade", "--format", "csv", "--log", dir] + extra)
        #expect(r.status == 0, "\(extra): \(r.stderrText)")
        return r.stdoutText
    }

    @Test func theTableAtAValidTimeAsKnownNowAndThen() throws {
        try Self.withLog { tool, dir, _ in
            let head = "label,label_type,count\n"
            #expect(try Self.labels(tool, dir, []) == head + "bee,grade,1\nearly,grade,1\n")  // seq order: "early" last
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-04"]) == head)
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-05"]) == head + "first,grade,1\n")  // 00:00, inclusive
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-09"]) == head + "early,grade,1\n")
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-10 07:59:59.999999+00"]) == head + "early,grade,1\n")
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-13"]) == head + "bee,grade,1\nlate,grade,1\n")
            // As the log knew it at seq 3 (the Nov 8 relabel not yet recorded) and at seq 2.
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-09", "--as-of-seq", "3"]) == head + "first,grade,1\n")
            #expect(try Self.labels(tool, dir, ["--valid-at", "2026-11-13", "--as-of-seq", "2"]) == head + "bee,grade,1\nfirst,grade,1\n")

            let stats = try tool.run(["project", "stats", "--valid-at", "2026-11-09", "--format", "json", "--log", dir])
            #expect(stats.stdoutText.contains(#""total_samples":1,"#), "\(stats.stdoutText) \(stats.stderrText)")
            let out = URL(fileURLWithPath: dir).deletingLastPathComponent().appendingPathComponent("x.csv").path
            let export = try tool.run(["export", "--valid-at", "2026-11-09", "--out", out, "--log", dir])
            #expect(export.status == 0, "\(export.stderrText)")
            let csv = try String(contentsOfFile: out, encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 2 && csv.contains(",early,grade,"), "\(csv)")
            let position = try String(contentsOfFile: out + ".position.json", encoding: .utf8)
            #expect(position.hasSuffix(#","valid_at":"2026-11-09T00:00:00.000000Z"}"# + "\n"), "\(position)")
            #expect(export.stderrText.contains("1 row at valid time 2026-11-09T00:00:00.000000Z as of seq 4"), "\(export.stderrText)")
            let report = try tool.run(["report", "--valid-at", "2026-11-09", "--log", dir], environment: ["SOURCE_DATE_EPOCH": "1764000000"])
            #expect(report.status == 0 && report.stdoutText.contains("early"), "\(report.stderrText)")

            let bad = try tool.run(["query", "overall", "--valid-at", "2026-11-31", "--log", dir])
            #expect(bad.status == 64 && bad.stderrText.hasPrefix("Error: invalid value '2026-11-31' for '--valid-at': expected a time"), "\(bad.stderrText)")
            let dataset = try tool.run(["export", "--format", "dataset", "--out", out + ".d", "--valid-at", "2026-11-09", "--skip-missing", "--log", dir])
            #expect(dataset.status == 0 && dataset.stderrText.contains("exported 0 images at valid time 2026-11-09T00:00:00.000000Z as of seq 4")
                    && dataset.stderrText.contains("skipped 1 without a stored image"), "\(dataset.stderrText)")
        }
    }

    /// `diff --valid FROM TO`: the rows at two valid times, as known now or at an `--as-of` point.
    @Test func diffComparesTwoValidTimes() throws {
        try Self.withLog { tool, dir, _ in
            let r = try tool.run(["diff", "--valid", "2026-11-09", "2026-11-13 00:00:00+00", "--format", "json", "--log", dir])
            #expect(r.status == 0, "\(r.stderrText)")
            #expect(r.stdoutText.contains(#""summary":{"added":1,"deleted":0,"relabeled":1,"#), "\(r.stdoutText)")
            #expect(r.stdoutText.contains(#""label_before":"early","label_type_before":"grade","label_after":"late""#), "\(r.stdoutText)")
            // Known at seq 3, the Nov 8 relabel was not recorded: a was "first" on Nov 9.
            let then = try tool.run(["diff", "--valid", "2026-11-09", "2026-11-13", "--as-of-seq", "3", "--format", "json", "--log", dir])
            #expect(then.stdoutText.contains(#""label_before":"first","label_type_before":"grade","label_after":"late""#), "\(then.stdoutText)")
            let notATime = try tool.run(["diff", "--valid", "v1", "2026-11-13", "--log", dir])
            #expect(notATime.status == 64 && notATime.stderrText.hasPrefix("Error: invalid value 'v1' for FROM: with --valid"), "\(notATime.stderrText)")
            let asOfAlone = try tool.run(["diff", "1", "2", "--as-of-seq", "3", "--log", dir])
            #expect(asOfAlone.status == 64, "\(asOfAlone.stderrText)")
        }
    }

    @Test func theHTTPReadsTakeValidAt() throws {
        try Self.withLog { tool, dir, _ in
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir)
            let cases: [(cli: [String], path: String, query: [(String, String)])] = [
                (["query", "labels", "--format", "json"], "/v1/query/labels", [("valid_at", "2026-11-09")]),
                (["query", "labels", "--format", "csv"], "/v1/query/labels",
                 [("format", "csv"), ("valid_at", "2026-11-09 00:00:00+00"), ("as_of_seq", "3")]),
                (["project", "stats", "--format", "json"], "/v1/stats", [("valid_at", "2026-11-13")]),
                (["export", "--format", "jsonl"], "/v1/export", [("format", "jsonl"), ("valid_at", "2026-11-09")]),
            ]
            for c in cases {
                let words = c.cli + c.query.filter { $0.0 != "format" }.map { "--\($0.0.replacingOccurrences(of: "_", with: "-"))=\($0.1)" }
                let cli = try tool.run(words + ["--log", dir])
                let response = try #require(routes.respond(to: ReadRequest(method: "GET", path: c.path, query: c.query, body: [])))
                #expect(response.status == 200, "\(c.path): \(String(decoding: response.body, as: UTF8.self))")
                #expect(response.body == cli.stdout, "\(words)")
                #expect(!cli.stdout.isEmpty, "\(words): \(cli.stderrText)")
            }
            let refused = try #require(routes.respond(to: ReadRequest(method: "GET", path: "/v1/stats", query: [("valid_at", "soon")], body: [])))
            #expect(refused.status == 400 && String(decoding: refused.body, as: UTF8.self).contains(#""parameter":"valid_at""#))
        }
    }

    /// The issue's case: rows created on Nov 5 and 10 imported today are invisible to `--as-of`
    /// Nov 20 (nothing was recorded by then) but are the table `--valid-at` Nov 20; a second
    /// snapshot's changes occur at its `--taken-at`.
    @Test func importTakenAtDatesTheChangesItCannotDate() throws {
        try Self.withLog { tool, _, base in
            let dir = base + "/imported"
            let header = "id,created_at,image_url,image_path,label,label_type,nyckel_status\n"
            let first = header + "\(Self.a),2026-11-05 00:00:00+00,u,p,first,grade,submitted\n\(Self.b),2026-11-10 08:00:00+00,u,p,bee,grade,accepted\n"
            let second = header + "\(Self.a),2026-11-05 00:00:00+00,u,p,changed,grade,rejected\n"
            try first.write(toFile: base + "/1.csv", atomically: true, encoding: .utf8)
            try second.write(toFile: base + "/2.csv", atomically: true, encoding: .utf8)
            #expect(try tool.run(["import", base + "/1.csv", "--log", dir]).status == 0)
            let future = try tool.run(["import", base + "/2.csv", "--taken-at", "2999-01-01", "--log", dir])
            #expect(future.status == 64 && future.stderrText.contains("'--taken-at'"), "\(future.stderrText)")
            let r = try tool.run(["import", base + "/2.csv", "--deletions", "--taken-at", "2026-11-15 12:00:00+00", "--log", dir])
            #expect(r.status == 0, "\(r.stderrText)")
            let overall = { (extra: [String]) throws -> String in
                try tool.run(["query", "overall", "--format", "csv", "--log", dir] + extra).stdoutText
                    .split(separator: "\n").last.map(String.init) ?? ""
            }
            #expect(try overall(["--as-of", "2026-11-20"]) == "0,0,0,0,")
            #expect(try overall(["--valid-at", "2026-11-15"]) == "2,2,1,0,50.00")
            #expect(try overall(["--valid-at", "2026-11-15 12:00:00+00"]) == "1,1,0,0,0.00")
            let events = try tool.run(["log", "--format", "json", "--log", dir]).stdoutText
            #expect(events.contains(#""occurred_at":"2026-11-15T12:00:00.000000Z""#), "\(events)")
        }
    }
}
