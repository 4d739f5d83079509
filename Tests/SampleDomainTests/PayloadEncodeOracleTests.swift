import EventLog
import Testing
@testable import SampleDomain

/// `PayloadCodec.encode` writes bytes directly for speed; the oracle is the straightforward
/// `JSONWriter` encoding the frozen format was first written with. They must agree byte for byte.
@Suite struct PayloadEncodeOracleTests {
    @Test func directEncodingEqualsTheJSONWriterEncoding() {
        var rng = SplitMix64(seed: 20261125)
        for _ in 0..<20_000 {
            let event = rng.event()
            let direct = PayloadCodec.encode(event)
            let oracle = Self.reference(event)
            #expect(direct == oracle, "\(String(decoding: oracle, as: UTF8.self))")
            if direct != oracle { return }
        }
    }

    @Test(arguments: ["", "plain", "quote\"", "back\\slash", "new\nline", "tab\t", "\u{1}\u{1F}\u{7F}", "您好🙂",
                      "\r\u{8}\u{C}", String(repeating: "x", count: 5000)])
    func everyStringFieldEscapesLikeJSONWriter(_ text: String) {
        let id = SampleID(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        let at = Timestamp(microseconds: -62_135_596_800_000_000)  // 0001-01-01T00:00:00Z
        let events: [SampleEvent] = [
            SampleEvent(sampleID: id, occurredAt: at, body: .submitted(SampleSubmitted(
                imageURL: text, imagePath: text, label: text, labelType: .grade, nyckelFunctionID: text,
                sourceScanID: text, regionName: text, cropData: CropData(x: 0, y: 0.1, width: 1e300, height: 3.75),
                imageWidth: 0, imageHeight: 2_147_483_647, fileSizeBytes: .max))),
            SampleEvent(sampleID: id, occurredAt: at, body: .responded(NyckelResponded(status: .error, nyckelSampleID: text, error: text))),
            SampleEvent(sampleID: id, occurredAt: at, body: .resubmitted(NyckelResubmitted(nyckelFunctionID: text))),
            SampleEvent(sampleID: id, occurredAt: at, body: .relabeled(SampleRelabeled(label: text, labelType: .defect, reason: text, actor: text))),
            SampleEvent(sampleID: id, occurredAt: at, body: .deleted(SampleDeleted(reason: text, actor: text))),
            SampleEvent(sampleID: id, occurredAt: at, body: .updated(SampleUpdated(
                imageURL: text, imagePath: text, nyckelFunctionID: text, nyckelSampleID: text, sourceScanID: text,
                regionName: text, cropData: CropData(x: 0, y: 0.1, width: 1e300, height: 3.75), imageWidth: 0,
                imageHeight: 2_147_483_647, fileSizeBytes: .max, clear: nil, reason: text, actor: text))),
            SampleEvent(sampleID: id, occurredAt: at, body: .updated(SampleUpdated(
                imageURL: text, clear: [.fileSizeBytes, .regionName, .nyckelSampleID], reason: text))),
        ]
        for event in events {
            #expect(PayloadCodec.encode(event) == Self.reference(event))
        }
    }

    /// The original encoder, kept here as the oracle.
    static func reference(_ event: SampleEvent) -> [UInt8] {
        var w = JSONWriter(capacity: 384)
        func optional(_ key: String, _ value: String?) { if let value { w.key(key); w.string(value) } }
        func optional(_ key: String, _ value: Int64?) { if let value { w.key(key); w.int(value) } }
        w.beginObject()
        w.key("sample_id"); w.string(event.sampleID.description)
        w.key("occurred_at"); w.string(event.occurredAt.rfc3339(.microseconds))
        switch event.body {
        case .submitted(let s):
            w.key("image_url"); w.string(s.imageURL)
            w.key("image_path"); w.string(s.imagePath)
            w.key("label"); w.string(s.label)
            w.key("label_type"); w.string(s.labelType.rawValue)
            optional("nyckel_function_id", s.nyckelFunctionID)
            optional("source_scan_id", s.sourceScanID)
            optional("region_name", s.regionName)
            if let c = s.cropData {
                w.key("crop_data")
                w.beginObject()
                w.key("x"); w.number(c.x)
                w.key("y"); w.number(c.y)
                w.key("width"); w.number(c.width)
                w.key("height"); w.number(c.height)
                w.endObject()
            }
            optional("image_width", s.imageWidth)
            optional("image_height", s.imageHeight)
            optional("file_size_bytes", s.fileSizeBytes)
        case .responded(let r):
            w.key("status"); w.string(r.status.rawValue)
            optional("nyckel_sample_id", r.nyckelSampleID)
            optional("error", r.error)
        case .resubmitted(let r):
            optional("nyckel_function_id", r.nyckelFunctionID)
        case .relabeled(let r):
            w.key("label"); w.string(r.label)
            optional("label_type", r.labelType?.rawValue)
            optional("reason", r.reason)
            optional("actor", r.actor)
        case .deleted(let d):
            optional("reason", d.reason)
            optional("actor", d.actor)
        case .imageFetched(let f):
            w.key("url"); w.string(f.url)
            w.key("sha256"); w.string(f.sha256)
            w.key("bytes"); w.int(f.bytes)
            w.key("format"); w.string(f.format.rawValue)
            w.key("width"); w.int(f.width)
            w.key("height"); w.int(f.height)
            optional("content_type", f.contentType)
        case .updated(let u):
            optional("image_url", u.imageURL)
            optional("image_path", u.imagePath)
            optional("nyckel_function_id", u.nyckelFunctionID)
            optional("nyckel_sample_id", u.nyckelSampleID)
            optional("source_scan_id", u.sourceScanID)
            optional("region_name", u.regionName)
            if let c = u.cropData {
                w.key("crop_data")
                w.beginObject()
                w.key("x"); w.number(c.x)
                w.key("y"); w.number(c.y)
                w.key("width"); w.number(c.width)
                w.key("height"); w.number(c.height)
                w.endObject()
            }
            optional("image_width", u.imageWidth)
            optional("image_height", u.imageHeight)
            optional("file_size_bytes", u.fileSizeBytes)
            if let clear = u.clear {
                // Table order, whatever order the set was made in.
                w.key("clear")
                w.beginArray()
                for name in ["nyckel_function_id", "nyckel_sample_id", "source_scan_id", "region_name", "crop_data",
                             "image_width", "image_height", "file_size_bytes"] where clear.contains(SampleColumns(name: name)!) {
                    w.string(name)
                }
                w.endArray()
            }
            optional("reason", u.reason)
            optional("actor", u.actor)
        case .imageFetchFailed(let f):
            w.key("url"); w.string(f.url)
            w.key("reason"); w.string(f.reason)
            optional("http_status", f.httpStatus)
        }
        w.endObject()
        return w.bytes
    }
}
