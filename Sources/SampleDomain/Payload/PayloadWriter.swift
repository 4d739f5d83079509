import EventLog

/// The one writer of the frozen payload bytes: `{"sample_id":"…","occurred_at":"…"`, then each
/// present field as `,"key":value` in declared order, then `}`.
///
/// Both ways a payload is made use it: `PayloadCodec.encode` (from an event) and the input
/// fast path `FastLineReader.readRecord` (from a line's bytes). Keys come from the type's
/// `FieldTable`; the id and the time are formatted in place; strings with nothing to escape
/// are copied whole. The bytes are exactly those `JSONWriter` would write, which
/// `PayloadCodecTests` and docs/events.md pin: they must never change.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    /// Starts a payload with room for `capacity` bytes.
    init(sampleID: SampleID, occurredAt: Timestamp, capacity: Int) {
        bytes.reserveCapacity(capacity)
        RecordEncoder.appendStatic(#"{"sample_id":""#, to: &bytes)
        Self.appendID(sampleID, to: &bytes)
        RecordEncoder.appendStatic(#"","occurred_at":""#, to: &bytes)
        RecordEncoder.appendTime(occurredAt, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Ends the payload and returns its bytes.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Writes `,"key":` (the field's literal from its `FieldTable`) and `value`.
    mutating func write(_ literal: UnsafeBufferPointer<UInt8>, _ value: FieldValue) {
        bytes.append(contentsOf: literal)
        switch value {
        case .text(let s): RecordEncoder.appendQuoted(s, to: &bytes)
        case .labelType(let t): RecordEncoder.appendQuoted(t.rawValue, to: &bytes)
        case .status(let s): RecordEncoder.appendQuoted(s.rawValue, to: &bytes)
        case .count(let n): appendInteger(n)
        case .crop(let c): appendCrop(c)
        case .imageFormat(let f): RecordEncoder.appendQuoted(f.rawValue, to: &bytes)
        case .columns(let c):
            bytes.append(UInt8(ascii: "["))
            for (n, name) in c.names.enumerated() {
                if n > 0 { bytes.append(UInt8(ascii: ",")) }
                RecordEncoder.appendQuoted(name, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// Writes `,"key":` and `"text"` for bytes known to need no escaping (printable ASCII
    /// without quote or backslash): what `write(_:.text(…))` writes for the same string.
    mutating func writePlainText(_ literal: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: literal)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            RecordEncoder.appendDecimal(value.magnitude, to: &bytes)
        } else {
            RecordEncoder.appendDecimal(UInt64(value), to: &bytes)
        }
    }

    private mutating func appendCrop(_ c: CropData) {
        RecordEncoder.appendStatic(#"{"x":"#, to: &bytes)
        Self.appendNumber(c.x, to: &bytes)
        RecordEncoder.appendStatic(#","y":"#, to: &bytes)
        Self.appendNumber(c.y, to: &bytes)
        RecordEncoder.appendStatic(#","width":"#, to: &bytes)
        Self.appendNumber(c.width, to: &bytes)
        RecordEncoder.appendStatic(#","height":"#, to: &bytes)
        Self.appendNumber(c.height, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
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
}
