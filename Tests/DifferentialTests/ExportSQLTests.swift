import EventLog
import Projections
import SampleDomain
import Testing
import TestSupport

/// `tslog export --format sql` loaded into a real PostgreSQL: the guide's SQL over the loaded
/// table answers exactly what tslog's queries answer at the same position.
@Suite("export --format sql in PostgreSQL",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct ExportSQLTests {
    @Test("the exported script loads and the guide's queries agree with tslog", arguments: [11, 12, 13] as [UInt64])
    func exportedScriptAnswersLikeTslog(seed: UInt64) throws {
        let server = try PostgresServer.forTest()
        var generator = RandomOperationGenerator(seed: seed)
        let events = generator.next(300).map(\.event).map(ExportSQLTests.uuidScan)
        var projections = ProjectionSet()
        for (i, event) in events.enumerated() { projections.apply(event, seq: UInt64(i + 1)) }
        let rows = projections.exportRows()
        let description = ExportDescription(format: .sql, seq: projections.lastSeq, recordedAt: nil,
                                            filter: ExportFilter(), rowCount: rows.count)
        let script = String(decoding: Exporter.render(rows, as: .sql, ExportContext(description: description)), as: UTF8.self)

        let schema = "export_sql_\(seed)"
        let run = DifferentialRun(name: "export sql seed \(seed)", schema: schema, events: events, snapshots: [events.count])
        var sql = "DROP SCHEMA IF EXISTS \(schema) CASCADE;\nCREATE SCHEMA \(schema);\nSET search_path TO \(schema);\n"
            + script + "\n"
        let cases = run.cases(after: events.count)
        for (i, c) in cases.enumerated() {
            sql += "\\qecho \(run.marker) \(events.count) \(i)\n" + GuideSQL.copy(c.query, c.options) + "\n"
        }
        let got = run.sections(try server.runScript(sql, name: schema))
        #expect(rows.count > 50, "the stream left too few rows to test anything")
        for (i, c) in cases.enumerated() {
            let postgres = got["\(events.count) \(i)"]
            let tslog = try tslogCSV(events: events.enumerated().map { (UInt64($0.offset + 1), $0.element) },
                                     upTo: UInt64(events.count), query: c.query, options: c.options)
            #expect(postgres == tslog, "\(c) on the loaded export differs from tslog query")
        }
    }

    /// The event with a `source_scan_id` that is not a uuid replaced by one made from it (the same
    /// text, the same uuid): the table's column is `uuid`, and `tslog export` refuses other values.
    static func uuidScan(_ event: SampleEvent) -> SampleEvent {
        func uuid(_ scan: String?) -> String? {
            guard let scan, SampleID(scan) == nil else { return scan }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in scan.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return SampleID(high: hash, low: ~hash).description
        }
        var changed = event
        switch event.body {
        case .submitted(var submitted):
            submitted.sourceScanID = uuid(submitted.sourceScanID)
            changed.body = .submitted(submitted)
        case .updated(var updated):  // a sample.updated may set it too
            updated.sourceScanID = uuid(updated.sourceScanID)
            changed.body = .updated(updated)
        default:
            break
        }
        return changed
    }
}
