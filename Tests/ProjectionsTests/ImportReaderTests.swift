import EventLog
@testable import Projections
@testable import SampleDomain
import Testing

@Suite("Import: reading rows")
struct ImportReaderTests {
    static let id1 = "00000000-0000-0000-0000-000000000001"

    static func read(_ text: String, _ format: ImportFormat = .csv, rawCells: Bool = false) throws -> [ImportedRow] {
        try ImportReader.read(Array(text.utf8), format: format, rawCells: rawCells)
    }

    static func error(_ text: String, _ format: ImportFormat = .csv) -> String {
        do { _ = try read(text, format); return "read" } catch { return "\(error)" }
    }

    @Test func anyColumnOrderExtraColumnsIgnoredMissingOptionalsNull() throws {
        let rows = try ImportReaderTests.read("""
            label_type,extra,label,image_path,image_url,created_at,id,crop_data,image_width
            grade,zzz,near_mint,p.jpg,https://u,2026-11-25 12:00:00.5+00,\(ImportReaderTests.id1),"{""x"": 1, ""y"": 2, ""width"": 3.5, ""height"": 4}",640

            """)
        #expect(rows.count == 1)
        let s = rows[0].state
        #expect(rows[0].line == 2)
        #expect(s.id.description == ImportReaderTests.id1)
        #expect(s.createdAt == Timestamp(rfc3339: "2026-11-25T12:00:00.5Z"))
        #expect(s.fields == SampleSubmitted(imageURL: "https://u", imagePath: "p.jpg", label: "near_mint", labelType: .grade,
                                            cropData: CropData(x: 1, y: 2, width: 3.5, height: 4), imageWidth: 640))
        #expect(s.status == .submitted && s.nyckelSampleID == nil)
    }

    @Test func formulaGuardIsUndoneUnlessRawCells() throws {
        let text = """
            id,created_at,image_url,image_path,label,label_type,region_name
            \(ImportReaderTests.id1),2026-11-25T12:00:00Z,'=u,'-p,''x,grade,'plain

            """
        let guarded = try ImportReaderTests.read(text)[0].state
        #expect(guarded.fields.imageURL == "=u" && guarded.fields.imagePath == "-p")
        #expect(guarded.fields.label == "'x" && guarded.fields.regionName == "'plain")
        let raw = try ImportReaderTests.read(text, rawCells: true)[0].state
        #expect(raw.fields.imageURL == "'=u" && raw.fields.label == "''x")
    }

    @Test func emptyStringIsNotNull() throws {
        let rows = try ImportReaderTests.read("""
            id,created_at,image_url,image_path,label,label_type,region_name,source_scan_id
            \(ImportReaderTests.id1),2026-11-25T12:00:00Z,u,p,l,grade,"",

            """)
        #expect(rows[0].state.fields.regionName == "")
        #expect(rows[0].state.fields.sourceScanID == nil)
    }

    @Test func jsonArrayAndJSONLines() throws {
        let object = #"{"id":"\#(ImportReaderTests.id1)","created_at":"2026-11-25T12:00:00Z","image_url":"u","image_path":"p","label":"l","label_type":"defect","nyckel_status":"accepted","nyckel_sample_id":"ny","crop_data":"{\"x\":0,\"y\":0,\"width\":1,\"height\":1}","other":[1,{"a":"]"}]}"#
        let array = try ImportReaderTests.read("[\n\n  \(object)\n]\n", .json)
        #expect(array.count == 1 && array[0].line == 3)
        #expect(array[0].state.status == .accepted && array[0].state.nyckelSampleID == "ny")
        #expect(array[0].state.fields.cropData == CropData(x: 0, y: 0, width: 1, height: 1))
        let lines = try ImportReaderTests.read("\(object)\n\(object.replacingOccurrences("000000000001", "000000000002"))\n", .json)
        #expect(lines.map(\.line) == [1, 2])
        #expect(try ImportReaderTests.read("[]", .json).isEmpty)
    }

    @Test func refusalsNameLineAndColumn() {
        let header = "id,created_at,image_url,image_path,label,label_type,nyckel_status,crop_data,image_width\n"
        let good = "\(ImportReaderTests.id1),2026-11-25T12:00:00Z,u,p,l,grade,accepted,,\n"
        #expect(ImportReaderTests.error(header + good) == "read")
        #expect(ImportReaderTests.error("id,label\n") == "line 1: column 'created_at': required column is missing from the header")
        #expect(ImportReaderTests.error("id,id\n") == "line 1: column 'id': appears twice in the header")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("grade", "color"))
            == "line 2: column 'label_type': expected defect, region or grade, got 'color'")
        #expect(ImportReaderTests.error(header + good + good.replacingOccurrences(",l,", ",,"))
            == "line 3: column 'label': must not be empty")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("accepted", "done"))
            == "line 2: column 'nyckel_status': expected submitted, accepted, rejected or error, got 'done'")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("2026-11-25T12:00:00Z", "yesterday"))
            == "line 2: column 'created_at': expected a time (years 0001-9999) such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC), got 'yesterday'")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("00000000-0000-0000-0000-000000000001", "x"))
            == "line 2: column 'id': expected a UUID like 0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4, got 'x'")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("accepted,,", "accepted,\"{\"\"x\"\":-1,\"\"y\"\":0,\"\"width\"\":1,\"\"height\"\":1}\","))
            == "line 2: column 'crop_data.x': must be 0 or more, got -1")
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("accepted,,", "accepted,{,"))
            .hasPrefix("line 2: column 'crop_data': expected a JSON object"))
        #expect(ImportReaderTests.error(header + good.replacingOccurrences("accepted,,", "accepted,,12.5"))
            == "line 2: column 'image_width': expected an integer, got '12.5'")
        #expect(ImportReaderTests.error(header + "\(ImportReaderTests.id1),,u,p,l,grade,accepted,,\n")
            == "line 2: column 'created_at': must not be empty")
        #expect(ImportReaderTests.error(header + "1,2\n") == "line 2: has 2 fields, the header has 9")
        #expect(ImportReaderTests.error("[{\"id\":1}", .json) == "line 1: the array is not closed")
        #expect(ImportReaderTests.error("[\n{\"id\":\"x\",\"id\":\"y\"}]", .json) == "line 2: column 'id': appears twice")
    }
}

extension String {
    /// Test shorthand for Foundation-free replacement of every occurrence.
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
