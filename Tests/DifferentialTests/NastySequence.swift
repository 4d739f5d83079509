import EventLog
import SampleDomain

/// A hand-written stream of the cases most likely to split tslog from PostgreSQL: ties on
/// created_at broken by id, the first and last microsecond of a day, years 0001 and 9999, labels
/// equal to Swift but not to `COLLATE "C"`, a relabel across label types, delete then a new
/// submission of the same id, resubmission after an error, fractional crops, CSV metacharacters.
enum NastySequence {
    static func t(_ text: String) -> Timestamp {
        guard let t = Timestamp(rfc3339: text) else { fatalError("bad test timestamp \(text)") }
        return t
    }

    static func id(_ text: String) -> SampleID {
        guard let id = SampleID(text) else { fatalError("bad test id \(text)") }
        return id
    }

    static let a = id("00000000-0000-0000-0000-000000000001")
    static let b = id("00000000-0000-0000-0000-000000000002")
    static let c = id("ffffffff-ffff-ffff-ffff-ffffffffffff")
    static let d = id("80000000-0000-4000-8000-000000000000")
    static let e = id("0B9E0000-0000-4000-8000-0000000000AA")
    static let f = id("12345678-9abc-4def-8000-0000000000fe")

    static func submit(_ id: SampleID, _ time: String, _ label: String, _ type: LabelType, url: String = "https://p.supabase.co/x.jpg",
                       scan: String? = nil, region: String? = nil, crop: CropData? = nil) -> SampleEvent {
        SampleEvent(sampleID: id, occurredAt: t(time), body: .submitted(SampleSubmitted(
            imageURL: url, imagePath: "x.jpg", label: label, labelType: type, sourceScanID: scan, regionName: region, cropData: crop)))
    }

    static func on(_ id: SampleID, _ body: EventBody) -> SampleEvent {
        SampleEvent(sampleID: id, occurredAt: t("2026-06-01T00:00:00Z"), body: body)
    }

    static let tie = "2026-03-01T00:00:00Z"

    static let events: [SampleEvent] = [
        submit(c, tie, "Stain", .defect, url: "https://p.supabase.co/a,b \"c\".jpg", scan: "", region: ""),
        submit(a, tie, "Stain ", .defect, scan: "scan-1", crop: CropData(x: 12.25, y: 0.5, width: 10, height: 1988)),
        submit(d, tie, "stain", .defect, url: " "),
        submit(b, "2026-02-28T23:59:59.999999Z", "\u{E9}", .grade, crop: CropData(x: 0, y: 0, width: 0.125, height: 3)),
        submit(e, "2026-03-01T00:00:00.000001Z", "e\u{301}", .grade, scan: "scan-1", region: "spine"),
        on(a, .responded(NyckelResponded(status: .accepted, nyckelSampleID: "nk-1"))),
        on(b, .responded(NyckelResponded(status: .error, error: "timeout"))),
        on(c, .responded(NyckelResponded(status: .rejected))),
        on(d, .responded(NyckelResponded(status: .accepted))),
        on(b, .resubmitted(NyckelResubmitted(nyckelFunctionID: "fn-2"))),
        on(b, .responded(NyckelResponded(status: .accepted))),
        on(e, .relabeled(SampleRelabeled(label: "Corner Crease", labelType: .defect))),
        on(c, .deleted(SampleDeleted(reason: "duplicate"))),
        submit(c, "0001-01-01T00:00:00Z", "O'Brien's crease", .grade, crop: CropData(x: 1024.5, y: 3.75, width: 99.99, height: 0.1)),
        submit(f, "9999-12-31T23:59:59.999999Z", "您好🙂", .grade, scan: "a,\"b\""),
        on(c, .responded(NyckelResponded(status: .error))),
        on(f, .responded(NyckelResponded(status: .accepted))),
        on(e, .relabeled(SampleRelabeled(label: "\u{E9}", labelType: .grade))),
        on(a, .relabeled(SampleRelabeled(label: "Stain"))),
        on(d, .deleted(SampleDeleted())),
        on(c, .responded(NyckelResponded(status: .rejected))),
    ]
}
