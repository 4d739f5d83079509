import EventLog
import Testing
@testable import SampleDomain

@Suite("Input lines: valid examples")
struct InputParserValidTests {
    @Test("sample.submitted with every field")
    func submittedFull() throws {
        let e = try Fixture.event(Fixture.submitted(
            #","occurred_at":"2026-11-25T13:00:00.5+01:00","event_id":"app-1","nyckel_function_id":"fn_1","source_scan_id":"scan-9","region_name":"spine","crop_data":{"x":0,"y":1.5,"width":10,"height":20.25},"image_width":640,"image_height":480,"file_size_bytes":12345"#,
            id: Fixture.idText.uppercased()))
        #expect(e == InputEvent(
            eventID: "app-1", occurredAt: Timestamp(rfc3339: "2026-11-25T12:00:00.500000Z"), sampleID: Fixture.id,
            body: .submitted(SampleSubmitted(
                imageURL: "https://cdn.example/a.jpg", imagePath: "training-data/a.jpg", label: "heavy_wear",
                labelType: .grade, nyckelFunctionID: "fn_1", sourceScanID: "scan-9", regionName: "spine",
                cropData: CropData(x: 0, y: 1.5, width: 10, height: 20.25),
                imageWidth: 640, imageHeight: 480, fileSizeBytes: 12345))))
    }

    @Test("sample.submitted with only required fields")
    func submittedMinimal() throws {
        let e = try Fixture.event(Fixture.submitted())
        #expect(e == InputEvent(sampleID: Fixture.id, body: .submitted(SampleSubmitted(
            imageURL: "https://cdn.example/a.jpg", imagePath: "training-data/a.jpg", label: "heavy_wear", labelType: .grade))))
    }

    @Test("nyckel.responded")
    func responded() throws {
        let e = try Fixture.event(Fixture.line("nyckel.responded", #","status":"error","nyckel_sample_id":"ns_1","error":"timeout""#))
        #expect(e.body == .responded(NyckelResponded(status: .error, nyckelSampleID: "ns_1", error: "timeout")))
    }

    @Test("nyckel.resubmitted")
    func resubmitted() throws {
        #expect(try Fixture.event(Fixture.line("nyckel.resubmitted")).body == .resubmitted(NyckelResubmitted()))
        #expect(try Fixture.event(Fixture.line("nyckel.resubmitted", #","nyckel_function_id":"fn_2""#)).body
            == .resubmitted(NyckelResubmitted(nyckelFunctionID: "fn_2")))
    }

    @Test("sample.relabeled")
    func relabeled() throws {
        let e = try Fixture.event(Fixture.line("sample.relabeled", #","label":"near_mint","label_type":"grade","reason":"second look","actor":"ann""#))
        #expect(e.body == .relabeled(SampleRelabeled(label: "near_mint", labelType: .grade, reason: "second look", actor: "ann")))
    }

    @Test("sample.deleted")
    func deleted() throws {
        #expect(try Fixture.event(Fixture.line("sample.deleted")).body == .deleted(SampleDeleted()))
        #expect(try Fixture.event(Fixture.line("sample.deleted", #","reason":"blurry","actor":"bob""#)).body
            == .deleted(SampleDeleted(reason: "blurry", actor: "bob")))
    }

    @Test("null and absent are the same for every optional field")
    func nullIsAbsent() throws {
        let nulls = #","occurred_at":null,"event_id":null,"nyckel_function_id":null,"source_scan_id":null,"region_name":null,"crop_data":null,"image_width":null,"image_height":null,"file_size_bytes":null"#
        #expect(try Fixture.event(Fixture.submitted(nulls)) == Fixture.event(Fixture.submitted()))
        #expect(try Fixture.event(Fixture.line("nyckel.responded", #","status":"accepted","nyckel_sample_id":null,"error":null"#))
            == Fixture.event(Fixture.line("nyckel.responded", #","status":"accepted""#)))
        #expect(try Fixture.event(Fixture.line("nyckel.resubmitted", #","nyckel_function_id":null"#))
            == Fixture.event(Fixture.line("nyckel.resubmitted")))
        #expect(try Fixture.event(Fixture.line("sample.relabeled", #","label":"x","label_type":null,"reason":null,"actor":null"#))
            == Fixture.event(Fixture.line("sample.relabeled", #","label":"x""#)))
        #expect(try Fixture.event(Fixture.line("sample.deleted", #","reason":null,"actor":null"#))
            == Fixture.event(Fixture.line("sample.deleted")))
    }

    @Test("the default time applies only when occurred_at is absent")
    func defaultTime() throws {
        let now = Timestamp(microseconds: 42)
        #expect(try Fixture.event(Fixture.line("sample.deleted")).event(defaultTime: now).occurredAt == now)
        let given = try Fixture.event(Fixture.line("sample.deleted", #","occurred_at":"2026-01-02T03:04:05Z""#))
        #expect(given.event(defaultTime: now).occurredAt == Timestamp(rfc3339: "2026-01-02T03:04:05Z"))
    }

    @Test("limits are inclusive")
    func limits() throws {
        let label = String(repeating: "é", count: 128)  // 256 bytes
        #expect(Fixture.outcome(Fixture.line("sample.relabeled", #","label":"\#(label)""#)) == "accepted")
        let id = String(repeating: "k", count: 256)
        #expect(Fixture.outcome(Fixture.line("sample.deleted", #","event_id":"\#(id)""#)) == "accepted")
        let text = String(repeating: "r", count: 4096)
        #expect(Fixture.outcome(Fixture.line("sample.deleted", #","reason":"\#(text)""#)) == "accepted")
        #expect(Fixture.outcome(Fixture.submitted(#","image_width":2147483647,"image_height":0,"file_size_bytes":9223372036854775807"#)) == "accepted")
        #expect(Fixture.outcome(Fixture.submitted(#","image_width":-0"#)) == "accepted")
        #expect(Fixture.outcome(Fixture.line("sample.deleted", #","reason":"","actor":"""#)) == "accepted")
        #expect(Fixture.outcome(Fixture.line("sample.relabeled", #","label":"tab\u00A0ok 您好🙂""#)) == "accepted")
    }
}
