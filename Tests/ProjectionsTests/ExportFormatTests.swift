import Foundation
import EventLog
@testable import Projections
import SampleDomain
import Testing

/// Every export format pinned byte for byte on one edge-case table: quotes, commas, a newline
/// and a tab inside text, unicode, the empty string, NULL, crop_data present and absent, and
/// text a spreadsheet would run as a formula.
@Suite("Export formats")
struct ExportFormatTests {
    static let rows: [SampleRow] = [
        SampleRow(id: sid(1), createdAt: at("2026-11-25T12:00:00Z"), imageURL: "https://img/a.jpg",
                  imagePath: "training-data/a.jpg", label: "say \"hi\", ok", labelType: .grade, status: .submitted,
                  regionName: "", cropData: CropData(x: 1, y: 2.5, width: 3, height: 4),
                  imageWidth: 640, imageHeight: 480, fileSizeBytes: 12345),
        SampleRow(id: sid(2), createdAt: at("2026-11-25T12:00:00.5Z"), imageURL: "https://img/b.png\tx",
                  imagePath: "p/b.PNG", label: "line\nbreak\ttab", labelType: .defect, nyckelFunctionID: "fn-1",
                  nyckelSampleID: "ny-2", status: .accepted, sourceScanID: "scan-9", regionName: "您好🙂"),
        SampleRow(id: sid(3), createdAt: at("2026-11-26T00:00:00Z"), imageURL: "=HYPERLINK(\"x\")", imagePath: "x",
                  label: "../../etc/passwd", labelType: .region, status: .error, regionName: "-1'"),
    ]

    static let description = ExportDescription(format: .sql, seq: 7, recordedAt: at("2026-11-26T01:02:03.000004Z"),
                                               filter: ExportFilter(), rowCount: 3)

    static func render(_ format: ExportFormat, rawCells: Bool = false, sqlForm: SQLForm = .create,
                       rows: [SampleRow] = rows) -> String {
        var d = description
        d.format = format
        let bytes = Exporter.render(rows, as: format, ExportContext(description: d, rawCells: rawCells, sqlForm: sqlForm))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Compares with the pinned text; on a mismatch writes the actual output to /tmp/pins for review.
    static func pin(_ actual: String, _ expected: String, _ name: String) {
        if actual != expected {
            try? actual.write(toFile: "/tmp/pins/\(name).txt", atomically: true, encoding: .utf8)
        }
        #expect(actual == expected, "\(name)")
    }

    @Test func csv() {
        ExportFormatTests.pin(ExportFormatTests.render(.csv), ExportPins.csv, "csv")
    }

    @Test func csvRawCells() {
        ExportFormatTests.pin(ExportFormatTests.render(.csv, rawCells: true), ExportPins.csvRaw, "csv-raw")
    }

    @Test func json() {
        ExportFormatTests.pin(ExportFormatTests.render(.json), ExportPins.json, "json")
    }

    @Test func jsonLines() {
        ExportFormatTests.pin(ExportFormatTests.render(.jsonl), ExportPins.jsonl, "jsonl")
    }

    @Test func sql() {
        ExportFormatTests.pin(ExportFormatTests.render(.sql), ExportPins.sql, "sql")
    }

    @Test func sqlUpsert() {
        ExportFormatTests.pin(ExportFormatTests.render(.sql, sqlForm: .upsert), ExportPins.sqlUpsert, "sql-upsert")
    }

    @Test func sqlRows() {
        ExportFormatTests.pin(ExportFormatTests.render(.sql, sqlForm: .rows), ExportPins.sqlRows, "sql-rows")
    }

    @Test func roboflow() {
        ExportFormatTests.pin(ExportFormatTests.render(.roboflow), ExportPins.roboflow, "roboflow")
    }

    @Test func labelStudio() {
        ExportFormatTests.pin(ExportFormatTests.render(.labelStudio), ExportPins.labelStudio, "label-studio")
    }

    @Test func manifest() {
        ExportFormatTests.pin(ExportFormatTests.render(.manifest), ExportPins.manifest, "manifest")
    }

    @Test(arguments: ExportFormat.allCases)
    func noRows(_ format: ExportFormat) {
        let out = ExportFormatTests.render(format, rows: [])
        switch format {
        case .csv: #expect(out == ExportColumns.names.joined(separator: ",") + "\n")
        case .json, .roboflow, .labelStudio: #expect(out == "[]\n")
        case .jsonl, .manifest: #expect(out == "")
        case .sql: #expect(out.hasSuffix("  WHERE source_scan_id IS NOT NULL;\nCOMMIT;\n") && !out.contains("INSERT"))
        }
    }

    @Test func sqlSplitsLongInsertsAndPinsPosition() {
        let many = (1...1001).map { n in
            SampleRow(id: sid(UInt64(n)), createdAt: at("2026-11-25T12:00:00Z"), imageURL: "u", imagePath: "p",
                      label: "l", labelType: .grade)
        }
        let out = ExportFormatTests.render(.sql, rows: many)
        #expect(out.components(separatedBy: "INSERT INTO").count - 1 == 3)
        #expect(out.hasPrefix("-- tslog export of training_samples: {\"format\":\"sql\",\"seq\":7,\"recorded_at\":\"2026-11-26T01:02:03.000004Z\",\"rows\":3,\"status\":null,\"label_type\":null,\"label\":null}\n"))
    }

    @Test func descriptionJSONWithFiltersAndEmptyLog() {
        let d = ExportDescription(format: .csv, seq: 0, recordedAt: nil,
                                  filter: ExportFilter(status: .accepted, labelType: .grade, label: "a\"b\n"), rowCount: 0)
        #expect(d.json == #"{"format":"csv","seq":0,"recorded_at":null,"rows":0,"status":"accepted","label_type":"grade","label":"a\"b\n"}"#)
        #expect(d.summary == "0 rows as of seq 0 (an empty log)")
    }

    @Test func filterAndOrder() {
        var fold = Fold()
        fold.add(sid(9), at("2026-11-25T12:00:00Z"), submitted("b"))
        fold.add(sid(3), at("2026-11-25T12:00:00Z"), submitted("a"))
        fold.add(sid(1), at("2026-11-25T13:00:00Z"), submitted("a", .defect))
        fold.add(sid(5), at("2026-11-25T11:00:00Z"), submitted("e\u{301}"))
        fold.add(sid(6), at("2026-11-25T11:00:00Z"), submitted("\u{e9}"))
        fold.add(sid(3), at("2026-11-25T14:00:00Z"), responded(.accepted))
        fold.add(sid(9), at("2026-11-25T14:00:00Z"), .deleted(SampleDeleted()))
        #expect(fold.set.exportRows().map(\.id) == [sid(5), sid(6), sid(3), sid(1)])
        #expect(fold.set.exportRows(ExportFilter(status: .accepted)).map(\.id) == [sid(3)])
        #expect(fold.set.exportRows(ExportFilter(labelType: .defect)).map(\.id) == [sid(1)])
        #expect(fold.set.exportRows(ExportFilter(label: "a")).map(\.id) == [sid(3), sid(1)])
        // Byte for byte: the precomposed é is not the decomposed one.
        #expect(fold.set.exportRows(ExportFilter(label: "\u{e9}")).map(\.id) == [sid(6)])
    }
}
