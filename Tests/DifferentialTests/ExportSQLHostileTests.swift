import Foundation
import SampleDomain
import Testing
import TestSupport

/// Every `--sql-form` of `tslog export --format sql` (the built binary) on a log whose every text
/// is hostile (`NastyValues.hostileLabels` and `hostileTexts`: SQL-looking labels, quotes,
/// backslashes, every control character but NUL, psql meta-commands after a line break,
/// 4096-byte values), loaded into a real PostgreSQL and compared row by row, every column, with
/// the guide's table as the app's own SQL (`SQLWriter`) leaves it after the same events:
/// `create` into an empty schema, `rows` into the guide's table made empty, `upsert` into the
/// guide's table as the first half of the events left it.
@Suite("export --format sql with hostile values in PostgreSQL",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct ExportSQLHostileTests {
    /// A seeded random stream (deletes, relabels, updates that set and clear columns, responses)
    /// with every label and text column it sets replaced by a hostile value, in turn.
    static func events(seed: UInt64, count: Int) -> [SampleEvent] {
        var generator = RandomOperationGenerator(seed: seed)
        var k = 0
        func label() -> String { k += 1; return NastyValues.hostileLabels[k % NastyValues.hostileLabels.count] }
        func text() -> String { k += 1; return NastyValues.hostileTexts[k % NastyValues.hostileTexts.count] }
        func hostile(_ value: String?) -> String? { value.map { _ in text() } }
        return generator.next(count).map { generated in
            var event = ExportSQLTests.uuidScan(generated.event)
            switch event.body {
            case .submitted(var s):
                s.imageURL = text(); s.imagePath = text(); s.label = label()
                s.nyckelFunctionID = hostile(s.nyckelFunctionID); s.regionName = hostile(s.regionName)
                event.body = .submitted(s)
            case .responded(var r):
                r.nyckelSampleID = hostile(r.nyckelSampleID)
                event.body = .responded(r)
            case .resubmitted(var r):
                r.nyckelFunctionID = hostile(r.nyckelFunctionID)
                event.body = .resubmitted(r)
            case .relabeled(var r):
                r.label = label()
                event.body = .relabeled(r)
            case .updated(var u):
                u.imageURL = hostile(u.imageURL); u.imagePath = hostile(u.imagePath)
                u.nyckelFunctionID = hostile(u.nyckelFunctionID); u.nyckelSampleID = hostile(u.nyckelSampleID)
                u.regionName = hostile(u.regionName)
                event.body = .updated(u)
            default:
                break
            }
            return event
        }
    }

    /// Every row of `schema.training_samples` by id, every column, one JSON array a line (JSON
    /// escapes the line breaks and controls; a uuid column and a text column holding the same
    /// uuid read the same).
    static func rows(_ server: PostgresServer, _ schema: String) throws -> [String] {
        let list = WholeTableTests.columns.joined(separator: ", ")
        let out = try server.runScript("""
            \\pset format unaligned
            \\pset tuples_only on
            SELECT json_build_array(\(list))::text FROM \(schema).training_samples ORDER BY id;

            """, name: schema + "-read")
        return out.components(separatedBy: "\n").filter { !$0.isEmpty }
    }

    @Test("create, rows and upsert load exactly the guide's table", arguments: [21, 22] as [UInt64])
    func everyFormLoadsTheGuidesTable(seed: UInt64) throws {
        let server = try PostgresServer.forTest()
        let scratch = try ScratchLog("sql-hostile")
        defer { scratch.remove() }
        let (dir, tslog) = (scratch.directory, scratch.tslog)
        let events = Self.events(seed: seed, count: 400)
        let input = events.map { InputLine.encode($0, eventID: nil) }.joined(separator: "\n") + "\n"
        try Data(input.utf8).write(to: URL(fileURLWithPath: dir + "/in.jsonl"))
        _ = try tslog(["append", "--file", dir + "/in.jsonl"])

        // The guide's table, built by the app's SQL for each event.
        let statements = events.map(SQLWriter.statement)
        let guide = "sql_hostile_guide_\(seed)"
        _ = try server.runScript(SQLWriter.createTable(schema: guide) + statements.joined(separator: "\n") + "\n", name: guide)
        let want = try Self.rows(server, guide)
        #expect(want.count > 50, "the stream left too few rows to test anything")
        #expect(want.contains { $0.contains("\\u001b") } && want.contains { $0.contains("DROP TABLE") }, "hostile values reached the table")

        // create: an empty schema. rows: the guide's table, empty. upsert: the guide's table at half the events.
        let targets = [
            ("create", "SET search_path TO sql_hostile_create_\(seed);\n", "sql_hostile_create_\(seed)"),
            ("rows", SQLWriter.createTable(schema: "sql_hostile_rows_\(seed)"), "sql_hostile_rows_\(seed)"),
            ("upsert", SQLWriter.createTable(schema: "sql_hostile_upsert_\(seed)") + statements.prefix(events.count / 2).joined(separator: "\n") + "\n",
             "sql_hostile_upsert_\(seed)"),
        ]
        for (form, before, schema) in targets {
            _ = try server.runScript("DROP SCHEMA IF EXISTS \(schema) CASCADE;\nCREATE SCHEMA \(schema);\n", name: schema + "-fresh")
            let script = try tslog(["export", "--format", "sql", "--sql-form", form])
            _ = try server.runScript(before + script + "\n", name: schema)
            let got = try Self.rows(server, schema)
            #expect(got.count == want.count, "\(form): \(got.count) rows, the guide's table has \(want.count)")
            let differing = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }
            for (i, (g, w)) in differing.prefix(3) {
                Issue.record("\(form), row \(i + 1) by id:\n  export: \(g.prefix(400))\n  guide:  \(w.prefix(400))")
            }
            let differ = differing.count
            #expect(differ == 0, "\(form): \(differ) rows differ from the guide's table")
            _ = try server.runScript("DROP SCHEMA \(schema) CASCADE;\n", name: schema + "-drop")
        }
        _ = try server.runScript("DROP SCHEMA \(guide) CASCADE;\n", name: guide + "-drop")
    }
}
