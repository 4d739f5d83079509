import Foundation
import Testing

/// `tslog export --format sql` through the built binary: a `source_scan_id` that cannot be the
/// table's `uuid` is refused by row before anything is written; `--sql-form` is checked.
@Suite("tslog export --format sql refusals")
struct ExportSQLFormCommandTests {
    static func submitted(_ n: Int, scan: String?) -> String {
        let scanField = scan.map { #","source_scan_id":"# + "\"\($0)\"" } ?? ""
        return #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-00000000000\#(n)","occurred_at":"2026-11-25T12:00:0\#(n)Z","image_url":"https://img/\#(n).jpg","image_path":"p/\#(n).jpg","label":"good","label_type":"grade""#
            + scanField + "}\n"
    }

    @Test func aScanIDThatIsNotAUUIDIsRefusedNamingEveryRow() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let lines = Self.submitted(1, scan: "scan-1") + Self.submitted(2, scan: "7D3F0C1E-0000-4000-8000-00000000ABCD")
            + Self.submitted(3, scan: nil) + Self.submitted(4, scan: "")
        #expect(try tool.run(["append", "--log", log], stdin: Array(lines.utf8)).status == 0)
        let refused = try tool.run(["export", "--log", log, "--format", "sql"])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderrText == """
            Error: nothing exported: source_scan_id is a uuid column in the app's table, and 2 row(s) hold a value that is not a uuid:
              sample 00000000-0000-4000-8000-000000000001: scan-1
              sample 00000000-0000-4000-8000-000000000004: ""

            """)
        let out = dir.appendingPathComponent("export.sql").path
        #expect(try tool.run(["export", "--log", log, "--format", "sql", "--out", out]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".position.json"))
        // The other formats carry the value as it is; a filter that leaves the bad rows out exports.
        #expect(try tool.run(["export", "--log", log, "--format", "csv"]).status == 0)
        let fine = try tool.run(["export", "--log", log, "--format", "sql", "--status", "accepted"])
        #expect(fine.status == 0 && fine.stdoutText.hasSuffix("COMMIT;\n"))
    }

    @Test func sqlFormUsage() throws {
        let tool = try BinaryRunner.locate()
        let notSQL = try tool.run(["export", "--format", "csv", "--sql-form", "rows"])
        #expect(notSQL.status == 64 && notSQL.stderrText.hasPrefix("Error: option '--sql-form' applies to --format sql only\n"))
        let filtered = try tool.run(["export", "--format", "sql", "--sql-form", "upsert", "--label", "x"])
        #expect(filtered.status == 64 && filtered.stderrText.hasPrefix("Error: --sql-form upsert makes the whole table equal to the export: it takes no --status, --label-type or --label\n"))
        let unknown = try tool.run(["export", "--format", "sql", "--sql-form", "merge"])
        #expect(unknown.status == 64 && unknown.stderrText.hasPrefix("Error: invalid value 'merge' for '--sql-form': expected one of create, rows, upsert"))
    }
}
