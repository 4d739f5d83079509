import Testing
@testable import SampleDomain

/// Every refusal, with the exact text a user sees.
@Suite("Input lines: refusals")
struct InputRefusalTests {
    static let t = Fixture.self
    static let sub = "sample.submitted"

    static let cases: [(String, String)] = [
        // JSON
        ("{\"type\":", "line 1: malformed JSON at byte 8: expected a value, found end of line"),
        ("[1]", "line 1: malformed JSON at byte 0: expected '{': a line must be one JSON object"),
        (#"{"type":"sample.deleted","type":"sample.deleted"}"#, "line 1: field 'type': appears twice"),
        (t.submitted(#","label":"x""#), "line 1: field 'label': appears twice"),
        (t.submitted(#","crop_data":{"x":1,"x":1}"#), "line 1: field 'crop_data.x': appears twice"),
        // type
        (#"{"sample_id":"\#(t.idText)"}"#, "line 1: field 'type': required field is missing"),
        (#"{"type":"sample.created"}"#, "line 1: field 'type': expected sample.submitted, nyckel.responded, nyckel.resubmitted, sample.relabeled, sample.deleted, image.fetched, image.fetch_failed or sample.updated, got 'sample.created'"),
        (#"{"type":5}"#, "line 1: field 'type': expected sample.submitted, nyckel.responded, nyckel.resubmitted, sample.relabeled, sample.deleted, image.fetched, image.fetch_failed or sample.updated, got 5"),
        (#"{"type":null}"#, "line 1: field 'type': expected sample.submitted, nyckel.responded, nyckel.resubmitted, sample.relabeled, sample.deleted, image.fetched, image.fetch_failed or sample.updated, got null"),
        // unknown fields come before every other field check
        (t.submitted(#","lable":"x""#), "line 1: field 'lable': unknown field for sample.submitted"),
        (#"{"type":"sample.deleted","label":"x"}"#, "line 1: field 'label': unknown field for sample.deleted"),
        (t.line("nyckel.responded", #","status":"accepted","nyckel_status":"accepted""#), "line 1: field 'nyckel_status': unknown field for nyckel.responded"),
        // sample_id
        (#"{"type":"sample.deleted"}"#, "line 1: field 'sample_id': required field is missing"),
        (t.line("sample.deleted", id: "0b9e1c2d3f4a4b5c8d6e7f8091a2b3c4"), "line 1: field 'sample_id': expected a UUID like 0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4, got '0b9e1c2d3f4a4b5c8d6e7f8091a2b3c4'"),
        (#"{"type":"sample.deleted","sample_id":7}"#, "line 1: field 'sample_id': expected a UUID like 0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4, got 7"),
        (#"{"type":"sample.deleted","sample_id":null}"#, "line 1: field 'sample_id': expected a UUID like 0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4, got null"),
        // occurred_at
        (t.line("sample.deleted", #","occurred_at":"yesterday""#), "line 1: field 'occurred_at': expected a time (years 0001-9999) such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC), got 'yesterday'"),
        (t.line("sample.deleted", #","occurred_at":"2026-02-30T00:00:00Z""#), "line 1: field 'occurred_at': expected a time (years 0001-9999) such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC), got '2026-02-30T00:00:00Z'"),
        (t.line("sample.deleted", #","occurred_at":1764072000"#), "line 1: field 'occurred_at': expected a time (years 0001-9999) such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC), got 1764072000"),
        // event_id
        (t.line("sample.deleted", #","event_id":"""#), "line 1: field 'event_id': must not be empty"),
        (t.line("sample.deleted", #","event_id":7"#), "line 1: field 'event_id': expected a string, got 7"),
        (t.line("sample.deleted", #","event_id":"\#(String(repeating: "k", count: 257))""#), "line 1: field 'event_id': is 257 bytes long, over the 256-byte limit"),
        (t.line("sample.deleted", #","event_id":"a\tb""#), "line 1: field 'event_id': must not contain control characters, found U+0009"),
        // submitted: required strings in payload order
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)"}"#, "line 1: field 'image_url': required field is missing"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"","image_path":"p","label":"l","label_type":"grade"}"#, "line 1: field 'image_url': must not be empty"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","label":"l","label_type":"grade"}"#, "line 1: field 'image_path': required field is missing"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":["p"],"label":"l","label_type":"grade"}"#, "line 1: field 'image_path': expected a string, got an array"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u\u0000","image_path":"p","label":"l","label_type":"grade"}"#, "line 1: field 'image_url': must not contain U+0000 (NUL): PostgreSQL text cannot hold it"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label_type":"grade"}"#, "line 1: field 'label': required field is missing"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":null,"label_type":"grade"}"#, "line 1: field 'label': expected a string, got null"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"","label_type":"grade"}"#, "line 1: field 'label': must not be empty"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"\#(String(repeating: "é", count: 129))","label_type":"grade"}"#, "line 1: field 'label': is 258 bytes long, over the 256-byte limit"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"a\nb","label_type":"grade"}"#, "line 1: field 'label': must not contain control characters, found U+000A"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"a\u007Fb","label_type":"grade"}"#, "line 1: field 'label': must not contain control characters, found U+007F"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"a\u0085b","label_type":"grade"}"#, "line 1: field 'label': must not contain control characters, found U+0085"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"a\u0000","label_type":"grade"}"#, "line 1: field 'label': must not contain control characters, found U+0000"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"l"}"#, "line 1: field 'label_type': required field is missing"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"l","label_type":"color"}"#, "line 1: field 'label_type': expected defect, region or grade, got 'color'"),
        (#"{"type":"sample.submitted","sample_id":"\#(t.idText)","image_url":"u","image_path":"p","label":"l","label_type":"Grade"}"#, "line 1: field 'label_type': expected defect, region or grade, got 'Grade'"),
        // submitted: optional strings
        (t.submitted(#","nyckel_function_id":5"#), "line 1: field 'nyckel_function_id': expected a string, got 5"),
        (t.submitted(#","source_scan_id":"\#(String(repeating: "s", count: 4097))""#), "line 1: field 'source_scan_id': is 4097 bytes long, over the 4096-byte limit"),
        (t.submitted(#","region_name":"a\u0000b""#), "line 1: field 'region_name': must not contain U+0000 (NUL): PostgreSQL text cannot hold it"),
        // crop_data
        (t.submitted(#","crop_data":[1,2,3,4]"#), "line 1: field 'crop_data': expected an object with x, y, width and height, got an array"),
        (t.submitted(#","crop_data":"0,0,1,1""#), "line 1: field 'crop_data': expected an object with x, y, width and height, got '0,0,1,1'"),
        (t.submitted(#","crop_data":{"x":0,"y":0,"width":1,"height":1,"z":0}"#), "line 1: field 'crop_data.z': unknown field for crop_data (expected x, y, width and height)"),
        (t.submitted(#","crop_data":{"x":0,"y":0,"width":1}"#), "line 1: field 'crop_data.height': required field is missing"),
        (t.submitted(#","crop_data":{"x":"0","y":0,"width":1,"height":1}"#), "line 1: field 'crop_data.x': expected a number, got '0'"),
        (t.submitted(#","crop_data":{"x":null,"y":0,"width":1,"height":1}"#), "line 1: field 'crop_data.x': expected a number, got null"),
        (t.submitted(#","crop_data":{"x":0,"y":-1,"width":1,"height":1}"#), "line 1: field 'crop_data.y': must be 0 or more, got -1"),
        (t.submitted(#","crop_data":{"x":0,"y":0,"width":0,"height":1}"#), "line 1: field 'crop_data.width': must be greater than 0, got 0"),
        (t.submitted(#","crop_data":{"x":0,"y":0,"width":1,"height":-0.5}"#), "line 1: field 'crop_data.height': must be greater than 0, got -0.5"),
        (t.submitted(#","crop_data":{"x":1e400,"y":0,"width":1,"height":1}"#), "line 1: field 'crop_data.x': number out of range, got 1e400"),
        // integers
        (t.submitted(#","image_width":-1"#), "line 1: field 'image_width': must be 0 or more, got -1"),
        (t.submitted(#","image_width":1.5"#), "line 1: field 'image_width': expected an integer, got 1.5"),
        (t.submitted(#","image_width":1.0"#), "line 1: field 'image_width': expected an integer, got 1.0"),
        (t.submitted(#","image_width":1e3"#), "line 1: field 'image_width': expected an integer, got 1e3"),
        (t.submitted(#","image_width":"640""#), "line 1: field 'image_width': expected an integer, got '640'"),
        (t.submitted(#","image_height":2147483648"#), "line 1: field 'image_height': must be at most 2147483647 (PostgreSQL integer), got 2147483648"),
        (t.submitted(#","file_size_bytes":-5"#), "line 1: field 'file_size_bytes': must be 0 or more, got -5"),
        (t.submitted(#","file_size_bytes":9223372036854775808"#), "line 1: field 'file_size_bytes': must be at most 9223372036854775807, got 9223372036854775808"),
        (t.submitted(#","file_size_bytes":true"#), "line 1: field 'file_size_bytes': expected an integer, got true"),
        // nyckel.responded
        (t.line("nyckel.responded"), "line 1: field 'status': required field is missing"),
        (t.line("nyckel.responded", #","status":"submitted""#), "line 1: field 'status': expected accepted, rejected or error, got 'submitted'"),
        (t.line("nyckel.responded", #","status":null"#), "line 1: field 'status': expected accepted, rejected or error, got null"),
        (t.line("nyckel.responded", #","status":"error","error":{}"#), "line 1: field 'error': expected a string, got an object"),
        (t.line("nyckel.responded", #","status":"accepted","nyckel_sample_id":"\u0000""#), "line 1: field 'nyckel_sample_id': must not contain U+0000 (NUL): PostgreSQL text cannot hold it"),
        // nyckel.resubmitted
        (t.line("nyckel.resubmitted", #","nyckel_function_id":false"#), "line 1: field 'nyckel_function_id': expected a string, got false"),
        // sample.relabeled
        (t.line("sample.relabeled"), "line 1: field 'label': required field is missing"),
        (t.line("sample.relabeled", #","label":"""#), "line 1: field 'label': must not be empty"),
        (t.line("sample.relabeled", #","label":"x","label_type":"colour""#), "line 1: field 'label_type': expected defect, region or grade, got 'colour'"),
        (t.line("sample.relabeled", #","label":"x","reason":1"#), "line 1: field 'reason': expected a string, got 1"),
        // sample.deleted
        (t.line("sample.deleted", #","actor":["a"]"#), "line 1: field 'actor': expected a string, got an array"),
        (t.line("sample.deleted", #","reason":"\#(String(repeating: "r", count: 4097))""#), "line 1: field 'reason': is 4097 bytes long, over the 4096-byte limit"),
    ]

    @Test("each rule refuses with its exact message", arguments: cases)
    func refusal(_ line: String, _ expected: String) {
        #expect(Fixture.outcome(line) == expected)
    }

    @Test("the error names the line number given and the field")
    func lineAndField() {
        guard case .failure(let e) = InputParser.parse(Fixture.submitted(#","label_type":"color""#), lineNumber: 3) else {
            Issue.record("accepted"); return
        }
        #expect(e.line == 3)
        #expect(e.field == "label_type")
    }

    @Test("the brief's example message")
    func briefExample() {
        let line = #"{"type":"sample.submitted","sample_id":"\#(Fixture.idText)","image_url":"u","image_path":"p","label":"l","label_type":"color"}"#
        #expect(Fixture.outcome(line, line: 3) == "line 3: field 'label_type': expected defect, region or grade, got 'color'")
        #expect(Fixture.outcome(#"{"type" "x"}"#, line: 3) == "line 3: malformed JSON at byte 8: expected ':'")
    }

    @Test("a value shown in a message is escaped and cut short")
    func quotedValues() {
        let long = String(repeating: "c", count: 100)
        #expect(Fixture.outcome(Fixture.line("sample.relabeled", #","label":"x","label_type":"\#(long)""#))
            == "line 1: field 'label_type': expected defect, region or grade, got '\(String(repeating: "c", count: 64))…'")
        #expect(Fixture.outcome(Fixture.line("sample.relabeled", #","label":"x","label_type":"a\nb\u0001""#))
            == "line 1: field 'label_type': expected defect, region or grade, got 'a\\nb\\u{1}'")
    }

    @Test("a line over 1 MiB is refused before it is read")
    func oversized() {
        let bytes = [UInt8](repeating: UInt8(ascii: " "), count: InputParser.maxLineBytes + 1)
        let result = bytes.withUnsafeBufferPointer { InputParser.parse($0, lineNumber: 9) }
        #expect(result == .failure(InputError(line: 9, field: nil,
            message: "line is 1048577 bytes long, over the 1 MiB limit (1048576 bytes)")))
    }

    @Test("a line of exactly 1 MiB is read")
    func atLimit() {
        let head = Array(Fixture.line("sample.deleted").utf8)
        let bytes = head + [UInt8](repeating: UInt8(ascii: " "), count: InputParser.maxLineBytes - head.count)
        let result = bytes.withUnsafeBufferPointer { InputParser.parse($0, lineNumber: 1) }
        #expect((try? result.get()) != nil)
    }
}
