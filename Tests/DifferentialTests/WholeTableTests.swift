import EventLog
import Foundation
import Projections
import SampleDomain
import Testing
import TestSupport

/// Every column of every row against PostgreSQL, on random streams whose `sample.updated`
/// events set and clear every metadata column: the guide's queries read only some columns
/// (never `image_path`, the Nyckel ids or the sizes), so this compares the whole table.
@Suite("PostgreSQL differential: the whole table",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct WholeTableTests {
    static let columns = ["id", "created_at", "image_url", "image_path", "label", "label_type", "nyckel_function_id",
                          "nyckel_sample_id", "nyckel_status", "source_scan_id", "region_name", "crop_data",
                          "image_width", "image_height", "file_size_bytes"]

    /// The table as tslog's CSV prints it: PostgreSQL's COPY of every column, times and crops
    /// shaped as the guide's queries shape them, rows by id.
    static func select() -> String {
        let list = columns.map { c in
            c == "created_at" ? GuideSQL.time() + " AS created_at" : c == "crop_data" ? GuideSQL.crop + " AS crop_data" : c
        }
        return "COPY (SELECT \(list.joined(separator: ", ")) FROM training_samples ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER);"
    }

    static func tslog(_ projections: ProjectionSet) -> String {
        let rows = projections.exportRows().sorted { $0.id < $1.id }
        func text(_ s: String?) -> Cell { s.map(Cell.text) ?? .null }
        func int(_ n: Int64?) -> Cell { n.map(Cell.int) ?? .null }
        let cells: [[Cell]] = rows.map { r in
            [.text(r.id.description), .timestamp(r.createdAt), .text(r.imageURL), .text(r.imagePath), .text(r.label),
             .text(r.labelType.rawValue), text(r.nyckelFunctionID), text(r.nyckelSampleID), .text(r.status.rawValue),
             text(r.sourceScanID), text(r.regionName), r.cropData.map(Cell.crop) ?? .null, int(r.imageWidth),
             int(r.imageHeight), int(r.fileSizeBytes)]
        }
        return ResultTable(columns: columns, rows: cells).render(.csv, rawCells: true)
    }

    @Test("random streams with sample.updated setting and clearing every column", arguments: [1, 2, 3, 4] as [UInt64])
    func randomStream(seed: UInt64) throws {
        let server = try PostgresServer.forTest()
        var generator = RandomOperationGenerator(seed: seed)
        let events = generator.next(600).map(\.event)
        var set: SampleColumns = [], cleared: SampleColumns = []
        for e in events { if case .updated(let u) = e.body { set.formUnion(u.sets); cleared.formUnion(u.clear ?? []) } }
        #expect(set == SampleColumns(SampleColumns.named.map(\.column)) && cleared == SampleColumns.clearable,
                "the stream sets and clears every column")
        let marker = "--8<--"
        let points = [150, 300, 450, 600]
        var sql = SQLWriter.createTable(schema: "whole_\(seed)")
        var projections = ProjectionSet()
        var expected: [String] = []
        for (n, event) in events.enumerated() {
            sql += SQLWriter.statement(event) + "\n"
            projections.apply(event, seq: UInt64(n + 1))
            if points.contains(n + 1) {
                sql += "\\qecho \(marker)\n" + Self.select() + "\n"
                expected.append(Self.tslog(projections))
            }
        }
        let output = try server.runScript(sql, name: "whole_\(seed)")
        let pieces = output.components(separatedBy: marker + "\n").dropFirst().map { $0 }
        #expect(pieces.count == points.count)
        for (k, (postgres, mine)) in zip(pieces, expected).enumerated() {
            #expect(postgres == mine, "seed \(seed), after \(points[k]) events: the table differs")
        }
    }
}
