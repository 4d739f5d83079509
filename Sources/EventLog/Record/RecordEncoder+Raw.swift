/// `RecordEncoder.append`, written through a raw cursor into memory reserved beforehand: the
/// write path encodes a batch's lines this way, with no per-piece capacity and uniqueness checks.
/// The bytes are exactly `RecordEncoder.append`'s (`RawRecordEncoderTests` compare them).
extension RecordEncoder {
    /// The most bytes `write` can write for `record` (every string character escaped as `\u00XX`).
    static func maximumLength(_ record: NewRecord) -> Int {
        160 + 6 * record.type.utf8.count + 6 * (record.eventID?.utf8.count ?? 0) + record.payload.count
    }

    /// Writes the line of `record` at `out`, which has room for `maximumLength(record)` bytes;
    /// returns how many bytes it wrote.
    static func write(seq: UInt64, recordedAt: Timestamp, record: NewRecord, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var w = RawCursor(out)
        w.put(#"{"seq":"#)
        w.decimal(seq)
        w.put(#","recorded_at":""#)
        w.time(recordedAt)
        w.put(#"","type":"#)
        w.quoted(record.type)
        w.put(#","v":"#)
        w.decimal(UInt64(record.schemaVersion))
        if let eventID = record.eventID {
            w.put(#","event_id":"#)
            w.quoted(eventID)
        }
        w.put(#","data":"#)
        record.payload.withUnsafeBufferPointer { w.bytes($0) }
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(start: out, count: w.p - out))
        w.put(#","crc32c":""#)
        var hex: UInt64 = 0
        withUnsafeMutableBytes(of: &hex) { buf in
            for k in 0..<8 {
                let nibble = UInt8(truncatingIfNeeded: crc >> UInt32(28 - 4 * k)) & 0xF
                buf[k] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            w.bytes(UnsafeBufferPointer(buf.assumingMemoryBound(to: UInt8.self)))
        }
        w.put("\"}\n")
        return w.p - out
    }
}

/// A write position in reserved memory.
private struct RawCursor {
    var p: UnsafeMutablePointer<UInt8>

    init(_ p: UnsafeMutablePointer<UInt8>) { self.p = p }

    @inline(__always)
    mutating func put(_ s: StaticString) {
        p.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        p += s.utf8CodeUnitCount
    }

    @inline(__always)
    mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        guard let base = b.baseAddress else { return }
        p.update(from: base, count: b.count)
        p += b.count
    }

    /// Small pieces (decimal digits, the time) go through `RecordEncoder`'s scratch writers
    /// into a small array first; they are short, so this costs one small copy.
    mutating func decimal(_ v: UInt64) {
        RecordEncoder.withDecimalDigits(v) { bytes($0.assumingMemoryBound(to: UInt8.self)) }
    }

    mutating func time(_ t: Timestamp) {
        var text: [UInt8] = []
        text.reserveCapacity(27)
        RecordEncoder.appendTime(t, to: &text)
        text.withUnsafeBufferPointer { bytes($0) }
    }

    /// `RecordEncoder.appendQuoted`: plain strings copied whole, others through `JSONWriter`.
    mutating func quoted(_ value: String) {
        var value = value
        let plain = value.withUTF8 { b -> Bool in
            guard !RecordEncoder.needsEscape(UnsafeRawBufferPointer(b)) else { return false }
            p.pointee = UInt8(ascii: "\""); p += 1
            bytes(b)
            p.pointee = UInt8(ascii: "\""); p += 1
            return true
        }
        if !plain {
            var escaped: [UInt8] = []
            JSONWriter.appendQuoted(value, to: &escaped)
            escaped.withUnsafeBufferPointer { bytes($0) }
        }
    }
}
