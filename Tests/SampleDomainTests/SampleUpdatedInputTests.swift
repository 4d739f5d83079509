import EventLog
import Testing
@testable import SampleDomain

/// `sample.updated` input lines: what is accepted, every refusal with its exact text, and the
/// fast reader agreeing with the reference path.
@Suite("Input lines: sample.updated")
struct SampleUpdatedInputTests {
    static let t = Fixture.self
    static let upd = "sample.updated"

    static let refusals: [(String, String)] = [
        (t.line(upd), "line 1: sample.updated changes nothing: give at least one of image_url, image_path, nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes or clear"),
        (t.line(upd, #","reason":"why","actor":"ann""#), "line 1: sample.updated changes nothing: give at least one of image_url, image_path, nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes or clear"),
        (t.line(upd, #","region_name":null"#), "line 1: sample.updated changes nothing: give at least one of image_url, image_path, nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes or clear"),
        (t.line(upd, #","label":"x""#), "line 1: field 'label': unknown field for sample.updated"),
        (t.line(upd, #","nyckel_status":"accepted""#), "line 1: field 'nyckel_status': unknown field for sample.updated"),
        (t.line(upd, #","image_url":"""#), "line 1: field 'image_url': must not be empty"),
        (t.line(upd, #","image_path":"""#), "line 1: field 'image_path': must not be empty"),
        (t.line(upd, #","image_width":-1"#), "line 1: field 'image_width': must be 0 or more, got -1"),
        (t.line(upd, #","image_height":2147483648"#), "line 1: field 'image_height': must be at most 2147483647 (PostgreSQL integer), got 2147483648"),
        (t.line(upd, #","crop_data":{"x":0,"y":0,"width":0,"height":1}"#), "line 1: field 'crop_data.width': must be greater than 0, got 0"),
        (t.line(upd, #","clear":"region_name""#), "line 1: field 'clear': expected an array of column names (nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height or file_size_bytes), got 'region_name'"),
        (t.line(upd, #","clear":[]"#), "line 1: field 'clear': must name at least one column (leave it out to clear none)"),
        (t.line(upd, #","clear":[5]"#), "line 1: field 'clear': expected column names, got 5"),
        (t.line(upd, #","clear":["regionname"]"#), "line 1: field 'clear': 'regionname' is not a column; expected nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height or file_size_bytes"),
        (t.line(upd, #","clear":["image_url"]"#), "line 1: field 'clear': image_url cannot be cleared: the table's column is NOT NULL"),
        (t.line(upd, #","clear":["label"]"#), "line 1: field 'clear': 'label' is not a column; expected nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height or file_size_bytes"),
        (t.line(upd, #","clear":["crop_data","crop_data"]"#), "line 1: field 'clear': names crop_data twice"),
        (t.line(upd, #","region_name":"spine","clear":["region_name"]"#), "line 1: field 'clear': names region_name, which the same event sets"),
    ]

    @Test("each refusal has its exact message, from the fast reader's fallback too", arguments: refusals)
    func refused(_ line: String, _ expected: String) {
        #expect(Fixture.outcome(line) == expected)
        var copy = line
        #expect(copy.withUTF8 { FastLineReader.read($0) } == nil, "the fast reader must not accept a refused line")
    }

    @Test("accepted: each column set, each optional one cleared, in any order")
    func accepted() throws {
        let e = try Fixture.event(Self.t.line(Self.upd, #","image_width":640,"clear":["file_size_bytes","region_name"],"reason":"backfill","actor":"ann""#))
        #expect(e.body == .updated(SampleUpdated(imageWidth: 640, clear: [.regionName, .fileSizeBytes], reason: "backfill", actor: "ann")))
        let all = try Fixture.event(Self.t.line(Self.upd, #","image_url":"u","image_path":"p","nyckel_function_id":"f","nyckel_sample_id":"n","source_scan_id":"s","region_name":"","crop_data":{"x":1,"y":2,"width":3,"height":4},"image_width":5,"image_height":6,"file_size_bytes":7"#))
        guard case .updated(let u) = all.body else { Issue.record("not an update"); return }
        #expect(u.sets == SampleColumns(SampleColumns.named.map(\.column)))
        let cleared = try Fixture.event(Self.t.line(Self.upd, #","clear":["file_size_bytes","image_height","image_width","crop_data","region_name","source_scan_id","nyckel_sample_id","nyckel_function_id"]"#))
        #expect(cleared.body == .updated(SampleUpdated(clear: SampleColumns.clearable)))
        // Stored in table order whatever the input order.
        let payload = String(decoding: PayloadCodec.encode(cleared.event(defaultTime: Fixture.time)), as: UTF8.self)
        #expect(payload.hasSuffix(#","clear":["nyckel_function_id","nyckel_sample_id","source_scan_id","region_name","crop_data","image_width","image_height","file_size_bytes"]}"#))
    }

    @Test("the fast reader reads valid updates, with and without a clear list, as the reference path does", arguments: [
        #","image_url":"https://cdn.example/b.jpg","crop_data":{"x":1,"y":2.5,"width":3,"height":4},"file_size_bytes":9,"actor":"ann""#,
        #","clear":["file_size_bytes","region_name"]"#,
        #","image_width":1, "clear" : [ "crop_data" , "nyckel_sample_id" ] "#,
    ])
    func fastAgrees(_ members: String) throws {
        var line = Self.t.line(Self.upd, members)
        let fast = try #require(line.withUTF8 { FastLineReader.read($0) })
        #expect(fast == (try Fixture.event(line)))
    }

    @Test("applying an update: given columns set, cleared ones NULL, the rest kept")
    func apply() {
        var row = SampleSubmitted(imageURL: "u", imagePath: "p", label: "l", labelType: .grade, nyckelFunctionID: "f",
                                  sourceScanID: "s", regionName: "r", cropData: CropData(x: 0, y: 0, width: 1, height: 1),
                                  imageWidth: 1, imageHeight: 2, fileSizeBytes: 3)
        var nyckel: String? = "n"
        SampleUpdated(imagePath: "p2", imageHeight: 20, clear: [.regionName, .nyckelSampleID, .cropData]).apply(to: &row, nyckelSampleID: &nyckel)
        #expect(row == SampleSubmitted(imageURL: "u", imagePath: "p2", label: "l", labelType: .grade, nyckelFunctionID: "f",
                                       sourceScanID: "s", regionName: nil, cropData: nil, imageWidth: 1, imageHeight: 20, fileSizeBytes: 3))
        #expect(nyckel == nil)
    }
}
