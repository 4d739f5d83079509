import EventLog
import Testing
@testable import SampleDomain

@Suite("Payload codec")
struct PayloadCodecTests {
    static let at = Timestamp(rfc3339: "2026-11-25T11:59:59.5Z")!

    static func event(_ body: EventBody) -> SampleEvent { SampleEvent(sampleID: Fixture.id, occurredAt: at, body: body) }

    static func decode(_ type: EventType, _ text: String) throws(PayloadError) -> SampleEvent {
        try Array(text.utf8).withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: type, payload: p) }
    }

    static func decodeError(_ type: EventType, _ text: String) -> String {
        do { _ = try decode(type, text); return "decoded" } catch { return error.description }
    }

    static let head = #"{"sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4","occurred_at":"2026-11-25T11:59:59.500000Z""#

    /// One exact line per type: these bytes are the frozen format and must never change.
    static let pinned: [(SampleEvent, String)] = [
        (event(.submitted(SampleSubmitted(
            imageURL: "https://cdn.example/a.jpg", imagePath: "training-data/a.jpg", label: "heavy_wear", labelType: .grade,
            nyckelFunctionID: "fn_1", sourceScanID: "scan-9", regionName: "spine",
            cropData: CropData(x: 0, y: 1.5, width: 10, height: 20.25), imageWidth: 640, imageHeight: 480, fileSizeBytes: 12345))),
         head + #","image_url":"https://cdn.example/a.jpg","image_path":"training-data/a.jpg","label":"heavy_wear","label_type":"grade","nyckel_function_id":"fn_1","source_scan_id":"scan-9","region_name":"spine","crop_data":{"x":0,"y":1.5,"width":10,"height":20.25},"image_width":640,"image_height":480,"file_size_bytes":12345}"#),
        (event(.submitted(SampleSubmitted(imageURL: "u", imagePath: "p", label: "Spine Tick", labelType: .defect))),
         head + #","image_url":"u","image_path":"p","label":"Spine Tick","label_type":"defect"}"#),
        (event(.responded(NyckelResponded(status: .error, nyckelSampleID: "ns_1", error: "timeout"))),
         head + #","status":"error","nyckel_sample_id":"ns_1","error":"timeout"}"#),
        (event(.responded(NyckelResponded(status: .accepted))), head + #","status":"accepted"}"#),
        (event(.resubmitted(NyckelResubmitted(nyckelFunctionID: "fn_2"))), head + #","nyckel_function_id":"fn_2"}"#),
        (event(.resubmitted(NyckelResubmitted())), head + "}"),
        (event(.relabeled(SampleRelabeled(label: "near_mint", labelType: .grade, reason: "second look", actor: "ann"))),
         head + #","label":"near_mint","label_type":"grade","reason":"second look","actor":"ann"}"#),
        (event(.relabeled(SampleRelabeled(label: "near_mint"))), head + #","label":"near_mint"}"#),
        (event(.updated(SampleUpdated(cropData: CropData(x: 2, y: 3.5, width: 100, height: 80), imageWidth: 640,
                                      imageHeight: 480, fileSizeBytes: 48213, clear: [.regionName], reason: "backfill sizes", actor: "ann"))),
         head + #","crop_data":{"x":2,"y":3.5,"width":100,"height":80},"image_width":640,"image_height":480,"file_size_bytes":48213,"clear":["region_name"],"reason":"backfill sizes","actor":"ann"}"#),
        (event(.updated(SampleUpdated(imageURL: "https://cdn.example/b.jpg", clear: [.fileSizeBytes, .nyckelFunctionID, .cropData]))),
         head + #","image_url":"https://cdn.example/b.jpg","clear":["nyckel_function_id","crop_data","file_size_bytes"]}"#),
        (event(.updated(SampleUpdated(imagePath: "p", nyckelFunctionID: "fn_3", nyckelSampleID: "ns_2", sourceScanID: "scan-2", regionName: ""))),
         head + #","image_path":"p","nyckel_function_id":"fn_3","nyckel_sample_id":"ns_2","source_scan_id":"scan-2","region_name":""}"#),
        (event(.deleted(SampleDeleted(reason: "blurry", actor: "bob"))), head + #","reason":"blurry","actor":"bob"}"#),
        (event(.deleted(SampleDeleted())), head + "}"),
        // Edge cases: quotes, commas, newline, tab, backslash, unicode, empty.
        (event(.relabeled(SampleRelabeled(label: "q\"c,n\nt\t\\ 您好🙂", reason: ""))),
         head + #","label":"q\"c,n\nt\t\\ 您好🙂","reason":""}"#),
        (event(.deleted(SampleDeleted(reason: "\u{1}\u{7F}\r\u{8}\u{C}/"))), head + #","reason":"\u0001"# + "\u{7F}" + #"\r\b\f/"}"#),
    ]

    @Test("encode writes the frozen bytes", arguments: pinned)
    func pinnedBytes(_ event: SampleEvent, _ expected: String) {
        #expect(String(decoding: PayloadCodec.encode(event), as: UTF8.self) == expected)
    }

    @Test("decode reads the frozen bytes", arguments: pinned)
    func pinnedDecode(_ event: SampleEvent, _ text: String) throws {
        #expect(try Self.decode(event.body.type, text) == event)
    }

    @Test("crop numbers keep their value", arguments: [0.1, 1e-7, 123456789.125, 1e21, 9007199254740993.0, Double.leastNonzeroMagnitude, 1.7976931348623157e308])
    func cropNumbers(_ x: Double) throws {
        let e = Self.event(.submitted(SampleSubmitted(imageURL: "u", imagePath: "p", label: "l", labelType: .region,
                                                     cropData: CropData(x: x, y: x, width: x, height: x))))
        let bytes = PayloadCodec.encode(e)
        let back = try bytes.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: .sampleSubmitted, payload: p) }
        #expect(back == e)
    }

    @Test("decode(encode(e)) == e for 5,000 seeded random events")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0x7e57_c0de)
        for _ in 0..<5_000 {
            let e = rng.event()
            let bytes = PayloadCodec.encode(e)
            let back = try bytes.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: e.body.type, payload: p) }
            #expect(back == e)
            let type = Array(e.body.type.rawValue.utf8)
            let viaBytes = try type.withUnsafeBufferPointer { t in
                try bytes.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: t, payload: p) }
            }
            #expect(viaBytes == e)
        }
    }

    @Test("decode accepts any key order, whitespace and null for absent")
    func tolerant() throws {
        let text = #" { "label" : "x" , "actor" : null , "occurred_at":"2026-11-25T11:59:59.500000Z","sample_id":"0B9E1C2D-3F4A-4B5C-8D6E-7F8091A2B3C4" } "#
        #expect(try Self.decode(.sampleRelabeled, text) == Self.event(.relabeled(SampleRelabeled(label: "x"))))
        let crop = Self.head + #","label_type":"grade","label":"l","image_path":"p","image_url":"u","crop_data":{"height":4,"width":3,"y":2,"x":1}}"#
        #expect(try Self.decode(.sampleSubmitted, crop) == Self.event(.submitted(SampleSubmitted(
            imageURL: "u", imagePath: "p", label: "l", labelType: .grade, cropData: CropData(x: 1, y: 2, width: 3, height: 4)))))
    }

    static let refusals: [(EventType, String, String)] = [
        (.sampleDeleted, "", "sample.deleted payload at byte 0: expected '{'"),
        (.sampleDeleted, "{}", "sample.deleted payload at byte 2: field 'sample_id': required field is missing"),
        (.sampleDeleted, #"{"sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"}"#, "sample.deleted payload at byte 52: field 'occurred_at': required field is missing"),
        (.sampleDeleted, head + #","label":"x"}"#, "sample.deleted payload at byte 96: field 'label': unknown field for sample.deleted"),
        (.sampleDeleted, head + #","reason":"a","reason":"b"}"#, "sample.deleted payload at byte 109: field 'reason': appears twice"),
        (.sampleDeleted, head + "}x", "sample.deleted payload at byte 96: unexpected bytes after the object"),
        (.sampleDeleted, head, "sample.deleted payload at byte 95: expected ',' or '}'"),
        (.sampleDeleted, head + #","reason":5}"#, "sample.deleted payload at byte 105: field 'reason': expected a string"),
        (.sampleDeleted, head + ",\"reason\":\"a\u{1}\"}", "sample.deleted payload at byte 107: field 'reason': control character U+0001 must be escaped in a string"),
        (.sampleDeleted, #"{"sample_id":"nope","occurred_at":"2026-11-25T11:59:59.500000Z"}"#, "sample.deleted payload at byte 13: field 'sample_id': expected a UUID"),
        (.sampleDeleted, #"{"sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4","occurred_at":"soon"}"#, "sample.deleted payload at byte 66: field 'occurred_at': expected an RFC 3339 time"),
        (.sampleUpdated, head + #","clear":[]}"#, "sample.updated payload at byte 105: field 'clear': must name at least one column"),
        (.sampleUpdated, head + #","clear":["image_url"]}"#, "sample.updated payload at byte 105: field 'clear': 'image_url' is not a column that can be cleared"),
        (.sampleUpdated, head + #","clear":["region_name","region_name"]}"#, "sample.updated payload at byte 119: field 'clear': names region_name twice"),
        (.sampleUpdated, head + #","clear":"region_name"}"#, "sample.updated payload at byte 104: field 'clear': expected '['"),
        (.nyckelResponded, head + "}", "nyckel.responded payload at byte 96: field 'status': required field is missing"),
        (.nyckelResponded, head + #","status":"submitted"}"#, "nyckel.responded payload at byte 105: field 'status': unknown value submitted"),
        (.nyckelResponded, head + #","status":null}"#, "nyckel.responded payload at byte 105: field 'status': required field is null"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","image_width":-1}"#, "sample.submitted payload at byte 176: field 'image_width': expected a non-negative integer"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","image_width":1.5}"#, "sample.submitted payload at byte 176: field 'image_width': expected an integer"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","file_size_bytes":9223372036854775808}"#, "sample.submitted payload at byte 180: field 'file_size_bytes': integer out of range"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","crop_data":{"x":1,"y":1,"width":1}}"#, "sample.submitted payload at byte 197: field 'crop_data.height': required field is missing"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","crop_data":{"x":"1","y":1,"width":1,"height":1}}"#, "sample.submitted payload at byte 179: field 'crop_data.x': expected a finite number"),
        (.sampleSubmitted, head + #","image_url":"u","image_path":"p","label":"l","label_type":"grade","crop_data":{"x":1e999,"y":1,"width":1,"height":1}}"#, "sample.submitted payload at byte 179: field 'crop_data.x': expected a finite number"),
    ]

    @Test("decode refuses what the format does not allow, naming field and byte", arguments: refusals)
    func refuses(_ type: EventType, _ text: String, _ expected: String) {
        #expect(Self.decodeError(type, text) == expected)
    }

    @Test("decode by type bytes refuses an unknown type")
    func unknownType() {
        let type = Array("sample.created".utf8)
        let payload = Array((Self.head + "}").utf8)
        do {
            _ = try type.withUnsafeBufferPointer { t in
                try payload.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: t, payload: p) }
            }
            Issue.record("decoded")
        } catch let error as PayloadError {
            #expect(error.kind == .unknownType)
            #expect(error.description == "sample.created payload: field 'type': unknown event type 'sample.created'")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("readers refuse versions they do not know, with a clear message")
    func versions() throws {
        #expect(SampleSchema.schemaVersion == 1)
        let payload = Array((Self.head + "}").utf8)
        let ok = try payload.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: .sampleDeleted, version: 1, payload: p) }
        #expect(ok == Self.event(.deleted(SampleDeleted())))
        for (v, text) in [(2, "sample.deleted payload: field 'v': schema version 2 is not supported (this tslog reads 1...1); it was written by a newer tslog: upgrade to read it"),
                          (0, "sample.deleted payload: field 'v': schema version 0 is not supported (this tslog reads 1...1)")] {
            do {
                _ = try payload.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: .sampleDeleted, version: v, payload: p) }
                Issue.record("decoded version \(v)")
            } catch {
                #expect(error.kind == .unsupportedVersion)
                #expect(error.description == text)
            }
        }
    }
}
