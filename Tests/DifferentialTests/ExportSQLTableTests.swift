import Foundation
import Testing
import TestSupport

/// `tslog export --format sql`, run as a user runs it, loaded into a real PostgreSQL: the
/// column types are the app's table's (the guide's query 7 joins `source_scan_id` to
/// `analysis_jobs.id uuid`), and the `rows` and `upsert` forms refresh an existing table.
@Suite("export --format sql forms in PostgreSQL",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct ExportSQLTableTests {
    /// A demo log (deletes, relabels and Nyckel changes among its events) and the binary.
    struct Fixture {
        let server: PostgresServer
        let scratch: ScratchLog

        init() throws {
            server = try PostgresServer.forTest()
            scratch = try ScratchLog("sqlforms")
            _ = try tslog(["demo", "--samples", "120", "--seed", "7"])
        }

        /// Runs tslog on the log; its standard output. Throws with standard error on a non-zero exit.
        @discardableResult
        func tslog(_ arguments: [String]) throws -> String { try scratch.tslog(arguments) }

        /// The export script for `arguments`.
        func sql(_ form: String, _ arguments: [String] = []) throws -> String {
            try tslog(["export", "--format", "sql", "--sql-form", form] + arguments)
        }

        /// Runs `script` with `schema` first on the search path.
        func run(_ script: String, in schema: String) throws -> String {
            try server.runScript("SET search_path TO \(schema);\n" + script + "\n", name: schema)
        }

        /// The rows in `a.training_samples` and not in `b.training_samples`, and the other way
        /// round, counted with duplicates: `0 0` when the two tables hold the same rows.
        func difference(_ a: String, _ b: String) throws -> String {
            let count = { (x: String, y: String) in
                "(SELECT count(*) FROM (SELECT * FROM \(x).training_samples EXCEPT ALL SELECT * FROM \(y).training_samples) d)"
            }
            return try server.runScript("\\pset format unaligned\n\\pset tuples_only on\nSELECT \(count(a, b)) || ' ' || \(count(b, a));\n",
                                        name: "diff-\(a)").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func fresh(_ schema: String) throws {
            _ = try server.runScript("DROP SCHEMA IF EXISTS \(schema) CASCADE;\nCREATE SCHEMA \(schema);\n", name: schema)
        }

        func remove() { scratch.remove() }
    }

    @Test("the guide's query 7 runs on the export, joining analysis_jobs by uuid")
    func guideQuery7() throws {
        let f = try Fixture()
        defer { f.remove() }
        let schema = "sqlforms_q7"
        try f.fresh(schema)
        // The app's other table, as the guide's query needs it; a job for every scan but one.
        let scans = try f.tslog(["query", "scans", "--format", "csv"]).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? "" }
        let distinct = Array(Set(scans)).sorted()
        #expect(distinct.count > 1, "the demo log has too few scans to test the join")
        let jobs = distinct.dropFirst().map { "('\($0)', ARRAY['frame-\($0).jpg'])" }.joined(separator: ", ")
        _ = try f.run("CREATE TABLE analysis_jobs (id uuid PRIMARY KEY, golden_frames text[]);\n"
                      + "INSERT INTO analysis_jobs VALUES \(jobs);\n" + f.sql("create"), in: schema)
        let query7 = """
            \\pset format unaligned
            \\pset tuples_only on
            SELECT count(*) || ' ' || count(scan_frame) FROM (
            SELECT
              ts.label,
              ts.region_name,
              ts.image_url,
              aj.golden_frames[1] as scan_frame
            FROM training_samples ts
            LEFT JOIN analysis_jobs aj ON ts.source_scan_id = aj.id
            WHERE ts.source_scan_id IS NOT NULL
            ORDER BY ts.created_at DESC) q;
            """
        let got = try f.run(query7, in: schema).trimmingCharacters(in: .whitespacesAndNewlines)
        let joined = scans.filter { $0 != distinct[0] }.count
        #expect(got == "\(scans.count) \(joined)")
    }

    @Test("upsert-loading two exports in a row leaves the table equal to the second; twice changes nothing")
    func upsertRefreshes() throws {
        let f = try Fixture()
        defer { f.remove() }
        // An early and the final position: deletes, relabels and status changes lie between.
        let early = ["--as-of-seq", "150"]
        for s in ["sqlforms_early", "sqlforms_final", "sqlforms_target", "sqlforms_rows"] { try f.fresh(s) }
        _ = try f.run(try f.sql("create", early), in: "sqlforms_early")
        _ = try f.run(try f.sql("create"), in: "sqlforms_final")
        #expect(try f.difference("sqlforms_early", "sqlforms_final") != "0 0", "the two positions must differ to test anything")

        // The app's table exists (created and filled by the early export), then refreshed.
        _ = try f.run(try f.sql("create", early), in: "sqlforms_target")
        _ = try f.run(try f.sql("upsert"), in: "sqlforms_target")
        #expect(try f.difference("sqlforms_target", "sqlforms_final") == "0 0")
        _ = try f.run(try f.sql("upsert"), in: "sqlforms_target")
        #expect(try f.difference("sqlforms_target", "sqlforms_final") == "0 0", "loading the same upsert twice changed the table")
        // Back to the early export: rows deleted since come back, relabels are undone.
        _ = try f.run(try f.sql("upsert", early), in: "sqlforms_target")
        #expect(try f.difference("sqlforms_target", "sqlforms_early") == "0 0")

        // rows: INSERTs only, into a table that exists and is empty.
        let create = try f.sql("create", ["--label", "no such label"])
        _ = try f.run(create, in: "sqlforms_rows")
        _ = try f.run(try f.sql("rows"), in: "sqlforms_rows")
        #expect(try f.difference("sqlforms_rows", "sqlforms_final") == "0 0")
        // The create form run again where the table exists: refused by the primary key, nothing changed.
        #expect(throws: SubprocessError.self) { try f.run(try f.sql("create", early), in: "sqlforms_rows") }
        #expect(try f.difference("sqlforms_rows", "sqlforms_final") == "0 0")
    }
}
