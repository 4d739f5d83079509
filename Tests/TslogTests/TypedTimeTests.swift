import EventLog
import Foundation
import Projections
import SampleDomain
import Testing
@testable import tslog

/// Issue 19 item 4: every time option, the HTTP reads' `as_of`, and `occurred_at` in `append`
/// read RFC 3339, PostgreSQL's text forms and a bare date (the start of that UTC day), through the
/// built binary; a requested time is never rounded up; a bad one is a usage error naming the option.
@Suite("Times people type")
struct TypedTimeTests {
    /// Recorded times of the three submissions `withLog` writes.
    static let recorded = ["2026-11-19T23:00:00Z", "2026-11-20T00:00:00Z", "2026-11-20T09:15:00.123456Z"]

    /// A log of three sample submissions recorded at `recorded` (written through the engine, so
    /// the recorded times are exact); `body` gets its directory.
    static func withLog(_ body: (String) throws -> Void) throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let dir = base.appendingPathComponent("log").path
        let writer = try LogWriter.open(directory: dir)
        for (n, text) in recorded.enumerated() {
            let at = try #require(Timestamp(rfc3339: text))
            let line = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-00000000000\#(n)","image_url":"u","image_path":"p","label":"l\#(n)","label_type":"grade"}"#
            let event = try InputParser.parse(line, lineNumber: 1).get().event(defaultTime: at)
            _ = try writer.append([NewRecord(type: event.body.type.rawValue, schemaVersion: SampleSchema.schemaVersion,
                                             eventID: nil, payload: PayloadCodec.encode(event), recordedAt: at)])
        }
        try writer.close()
        try body(dir)
    }

    /// Each form with the number of submissions recorded at or before it.
    static let forms: [(text: String, samples: Int)] = [
        ("2026-11-20", 2),                               // a bare date: 00:00:00 UTC, inclusive
        ("2026-11-19", 0),
        ("2026-11-20T09:15:00.123456Z", 3),              // RFC 3339
        ("2026-11-20t09:15:00.123455z", 2),
        ("2026-11-20 09:15:00.123456+00", 3),            // PostgreSQL's timestamptz
        ("2026-11-20 09:15:00.123455+00", 2),
        ("2026-11-20 11:15:00.123456+02", 3),
        ("2026-11-20 14:45:00.123456+05:30", 3),
        ("2026-11-20 14:45:00.123455+0530", 2),
        ("2026-11-20 09:15:00.123456+00:00", 3),
        ("2026-11-19 23:59:59-00:00:01", 2),             // an offset with seconds (old local mean times)
        ("2026-11-20 09:15:00.123456", 3),               // PostgreSQL's timestamp: no offset, UTC
        ("2026-11-20 09:15:00.1234559", 2),              // cut, never rounded up to .123456
        ("2026-11-20 09:15:00.123455999Z", 2),
        ("2026-11-20 09:15", 2),
        ("2026-11-20 09:16", 3),
    ]

    @Test func everyFormReadsTheSameWayInEveryTimeOption() throws {
        let tool = try BinaryRunner.locate()
        try Self.withLog { dir in
            for form in Self.forms {
                let q = try tool.run(["query", "overall", "--as-of", form.text, "--format", "csv", "--log", dir])
                #expect(q.status == 0, "\(form.text): \(q.stderrText)")
                #expect(q.stdoutText.split(separator: "\n").last?.split(separator: ",").first == "\(form.samples)",
                        "query --as-of '\(form.text)': \(q.stdoutText)")
                let stats = try tool.run(["project", "stats", "--as-of", form.text, "--format", "json", "--log", dir])
                #expect(stats.status == 0 && stats.stdoutText.contains(#""total_samples":\#(form.samples),"#),
                        "stats --as-of '\(form.text)': \(stats.stdoutText) \(stats.stderrText)")
                let export = try tool.run(["export", "--format", "jsonl", "--as-of", form.text, "--log", dir])
                #expect(export.status == 0 && export.stdout.filter { $0 == 10 }.count == form.samples,
                        "export --as-of '\(form.text)': \(export.stderrText)")
                let diff = try tool.run(["diff", "0", form.text, "--format", "json", "--log", dir])
                #expect(diff.status == 0 && diff.stdoutText.contains(#""added":\#(form.samples)"#),
                        "diff 0 '\(form.text)': \(diff.stdoutText) \(diff.stderrText)")
            }
            let report = try tool.run(["report", "--as-of", "2026-11-20", "--log", dir])
            #expect(report.status == 0, "\(report.stderrText)")
            let copy = URL(fileURLWithPath: dir).deletingLastPathComponent().appendingPathComponent("copy").path
            let replay = try tool.run(["replay", "--into", copy, "--as-of", "2026-11-20 09:15:00.1234559+00", "--log", dir])
            #expect(replay.stdoutText.hasPrefix("replayed 2 events (seq 1-2)"), "\(replay.stdoutText) \(replay.stderrText)")
            let tag = try tool.run(["tag", "day", "--at", "2026-11-20", "--log", dir])
            #expect(tag.status == 0 && tag.stdoutText.contains("seq 2"), "\(tag.stdoutText) \(tag.stderrText)")
        }
    }

    @Test func theHTTPReadsTakeTheSameForms() throws {
        let tool = try BinaryRunner.locate()
        try Self.withLog { dir in
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir)
            for form in ["2026-11-20", "2026-11-20 09:15:00.123455+00"] {
                let response = try #require(routes.respond(to: ReadRequest(method: "GET", path: "/v1/query/overall",
                                                                          query: [("as_of", form)], body: [])))
                let cli = try tool.run(["query", "overall", "--format", "json", "--as-of", form, "--log", dir])
                #expect(response.status == 200, "\(form): \(String(decoding: response.body, as: UTF8.self))")
                #expect(response.body == cli.stdout, "\(form)")
                #expect(cli.stdoutText.contains(#""total_samples":2"#), "\(form): \(cli.stdoutText)")
            }
        }
    }

    @Test func aBadTimeIsAUsageErrorNamingTheOption() throws {
        let tool = try BinaryRunner.locate()
        try Self.withLog { dir in
            let copy = URL(fileURLWithPath: dir).deletingLastPathComponent().appendingPathComponent("copy").path
            let commands: [(words: [String], option: String)] = [
                (["query", "overall"], "--as-of"), (["project", "stats"], "--as-of"), (["export"], "--as-of"),
                (["report"], "--as-of"), (["replay", "--into", copy], "--as-of"), (["tag", "t"], "--at"),
            ]
            for bad in ["2026-11-31", "2026-11-20 24:00:00", "2026-11-20 09:15:00+2", "2026-11-20 09:15:00+00:0",
                        "2026-11-20T", "20261120", "2026-11-20 09:15:00.+00", "yesterday"] {
                for c in commands {
                    let r = try tool.run(c.words + [c.option, bad, "--log", dir])
                    #expect(r.status == 64, "\(c.words) \(bad)")
                    #expect(r.stderrText.hasPrefix("Error: invalid value '\(bad)' for '\(c.option)': expected a time such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC)\n"),
                            "\(c.words) \(bad): \(r.stderrText)")
                }
            }
        }
    }

    /// `occurred_at` in `append` takes the same forms; what is stored is the canonical UTC form,
    /// with a finer fraction rounded half up as PostgreSQL stores it.
    @Test func appendReadsTheFormsIntoTheCanonicalTime() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let dir = base.appendingPathComponent("log").path
        let given: [(String, String)] = [
            ("2026-11-20", "2026-11-20T00:00:00Z"),
            ("2026-11-20 09:15:00.123456+00", "2026-11-20T09:15:00.123456Z"),
            ("2026-11-20 14:45:00.1234565+05:30", "2026-11-20T09:15:00.123457Z"),
            ("2026-11-20 09:15:00", "2026-11-20T09:15:00Z"),
            ("2026-11-20T09:15:00-0100", "2026-11-20T10:15:00Z"),
        ]
        let lines = given.enumerated().map { n, g in
            #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-00000000000\#(n)","occurred_at":"\#(g.0)","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#
        }
        let r = try tool.run(["append", "--log", dir], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(r.status == 0, "\(r.stderrText)")
        let stored = try tool.run(["export", "--format", "jsonl", "--log", dir]).stdoutText
        for (n, g) in given.enumerated() {
            #expect(stored.contains(#""id":"00000000-0000-4000-8000-00000000000\#(n)","created_at":"\#(g.1)""#),
                    "\(g.0) → \(g.1): \(stored)")
        }
        let bad = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-00000000000f","occurred_at":"2026-11-20 09:15:00+2","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#
        let refused = try tool.run(["append", "--log", dir], stdin: Array((bad + "\n").utf8))
        #expect(refused.status != 0)
        #expect(refused.stderrText.contains("line 1: field 'occurred_at': expected a time (years 0001-9999) such as 2026-11-25T12:00:00Z"), "\(refused.stderrText)")
    }

    /// A tag may not be named like a time in any form (a diff point would read it as the time).
    @Test func aTagCannotBeNamedLikeADate() throws {
        #expect(TagName.problem("2026-11-20") == "a tag name must not be a date or a time (it would read as a time)")
        #expect(TagName.problem("2026-11-20 09:15:00+00") != nil)
        #expect(TagName.problem("2026-11-weekly") == nil)
        #expect((try? TagName(stored: "2026-11-20")) != nil)
    }
}
