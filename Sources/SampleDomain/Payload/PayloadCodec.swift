import EventLog

/// The frozen payload (`data`) format of schema version 1: writes and reads the JSON object each
/// stored record carries.
///
/// The format must not drift: stored logs are read forever. Keys are written in this fixed order,
/// optional fields omitted when absent (never `null`):
/// `sample_id` (lowercase UUID), `occurred_at` (RFC 3339 UTC, six fraction digits), then by type:
/// - `sample.submitted`: image_url, image_path, label, label_type, nyckel_function_id?,
///   source_scan_id?, region_name?, crop_data? (`{"x":…,"y":…,"width":…,"height":…}`),
///   image_width?, image_height?, file_size_bytes?
/// - `nyckel.responded`: status, nyckel_sample_id?, error?
/// - `nyckel.resubmitted`: nyckel_function_id?
/// - `sample.relabeled`: label, label_type?, reason?, actor?
/// - `sample.deleted`: reason?, actor?
///
/// A change to any of this is a new schema version (`SampleSchema`), never an edit.
public enum PayloadCodec {
    /// The payload bytes of `event`: compact JSON, keys in the frozen order.
    ///
    /// Written straight into one byte array (keys are fixed literals, the id and the time are
    /// formatted in place, strings without characters to escape are copied whole); the bytes are
    /// exactly those `JSONWriter` would write, which `PayloadCodecTests` pin.
    /// - Complexity: O(payload bytes), one allocation.
    public static func encode(_ event: SampleEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity(event.body))
        appendStatic(#"{"sample_id":""#, to: &out)
        appendID(event.sampleID, to: &out)
        appendStatic(#"","occurred_at":""#, to: &out)
        RecordEncoder.appendTime(event.occurredAt, to: &out)
        out.append(UInt8(ascii: "\""))
        switch event.body {
        case .submitted(let s):
            field(&out, #","image_url":"#, s.imageURL)
            field(&out, #","image_path":"#, s.imagePath)
            field(&out, #","label":"#, s.label)
            field(&out, #","label_type":"#, s.labelType.rawValue)
            field(&out, #","nyckel_function_id":"#, s.nyckelFunctionID)
            field(&out, #","source_scan_id":"#, s.sourceScanID)
            field(&out, #","region_name":"#, s.regionName)
            if let c = s.cropData {
                appendStatic(#","crop_data":{"x":"#, to: &out)
                appendNumber(c.x, to: &out)
                appendStatic(#","y":"#, to: &out)
                appendNumber(c.y, to: &out)
                appendStatic(#","width":"#, to: &out)
                appendNumber(c.width, to: &out)
                appendStatic(#","height":"#, to: &out)
                appendNumber(c.height, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            field(&out, #","image_width":"#, s.imageWidth)
            field(&out, #","image_height":"#, s.imageHeight)
            field(&out, #","file_size_bytes":"#, s.fileSizeBytes)
        case .responded(let r):
            field(&out, #","status":"#, r.status.rawValue)
            field(&out, #","nyckel_sample_id":"#, r.nyckelSampleID)
            field(&out, #","error":"#, r.error)
        case .resubmitted(let r):
            field(&out, #","nyckel_function_id":"#, r.nyckelFunctionID)
        case .relabeled(let r):
            field(&out, #","label":"#, r.label)
            field(&out, #","label_type":"#, r.labelType?.rawValue)
            field(&out, #","reason":"#, r.reason)
            field(&out, #","actor":"#, r.actor)
        case .deleted(let d):
            field(&out, #","reason":"#, d.reason)
            field(&out, #","actor":"#, d.actor)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Room for the payload of `body` with nothing to escape (keys, id, time, numbers and the
    /// strings' bytes), so that the common payload is written with one allocation.
    private static func capacity(_ body: EventBody) -> Int {
        func n(_ s: String?) -> Int { s?.utf8.count ?? 0 }
        switch body {
        case .submitted(let s):
            return 448 + n(s.imageURL) + n(s.imagePath) + n(s.label) + n(s.nyckelFunctionID) + n(s.sourceScanID) + n(s.regionName)
        case .responded(let r): return 192 + n(r.nyckelSampleID) + n(r.error)
        case .resubmitted(let r): return 192 + n(r.nyckelFunctionID)
        case .relabeled(let r): return 192 + n(r.label) + n(r.reason) + n(r.actor)
        case .deleted(let d): return 192 + n(d.reason) + n(d.actor)
        }
    }

    /// `,"key":` (given whole) then the value as a JSON string; nothing when nil.
    @inline(__always)
    private static func field(_ out: inout [UInt8], _ keyPart: StaticString, _ value: String?) {
        guard let value else { return }
        appendStatic(keyPart, to: &out)
        appendQuoted(value, to: &out)
    }

    /// `,"key":` then the integer; nothing when nil.
    @inline(__always)
    private static func field(_ out: inout [UInt8], _ keyPart: StaticString, _ value: Int64?) {
        guard let value else { return }
        appendStatic(keyPart, to: &out)
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            RecordEncoder.appendDecimal(value.magnitude, to: &out)
        } else {
            RecordEncoder.appendDecimal(UInt64(value), to: &out)
        }
    }

    @inline(__always)
    private static func appendStatic(_ s: StaticString, to out: inout [UInt8]) {
        RecordEncoder.appendStatic(s, to: &out)
    }

    /// `JSONWriter.numberText(value)`: integral values below 2^53 as decimal digits written in
    /// place (the common crop), everything else through `numberText` itself.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        if value >= 0, value < 9_007_199_254_740_992, value == value.rounded() {
            RecordEncoder.appendDecimal(UInt64(value), to: &out)  // 0 and -0 both give "0"
        } else {
            out.append(contentsOf: JSONWriter.numberText(value).utf8)
        }
    }

    /// The lowercase 8-4-4-4-12 form of `id`, as `SampleID.description` spells it.
    static func appendID(_ id: SampleID, to out: inout [UInt8]) {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes of scratch
        withUnsafeMutableBytes(of: &text) { buf in
            var j = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 { buf[j] = UInt8(ascii: "-"); j += 1 }
                let word = i < 16 ? id.high : id.low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - (i % 16) * 4)) & 15
                buf[j] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                j += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[0..<36]))
        }
    }

    /// `JSONWriter.appendQuoted`, with the common case — nothing to escape — copied in one go.
    @inline(__always)
    private static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        RecordEncoder.appendQuoted(value, to: &out)
    }
}
