/// Writes the stored line of a record. THE FORMAT IS FROZEN: keys, their order and every byte of
/// punctuation are part of the on-disk contract (docs/events.md); a pinned-line test guards it.
///
///     {"seq":1,"recorded_at":"2026-11-25T12:00:00.000000Z","type":"t","v":1,"event_id":"e","data":{...},"crc32c":"1a2b3c4d"}\n
package enum RecordEncoder {
    /// Appends the full line, newline included, of `record` stored as `seq` at `recordedAt`.
    static func append(seq: UInt64, recordedAt: Timestamp, record: NewRecord, to out: inout [UInt8]) {
        let start = out.count
        appendStatic(#"{"seq":"#, to: &out)
        appendDecimal(seq, to: &out)
        appendStatic(#","recorded_at":""#, to: &out)
        appendTime(recordedAt, to: &out)
        appendStatic(#"","type":"#, to: &out)
        appendQuoted(record.type, to: &out)
        appendStatic(#","v":"#, to: &out)
        appendDecimal(UInt64(record.schemaVersion), to: &out)
        if let eventID = record.eventID {
            appendStatic(#","event_id":"#, to: &out)
            appendQuoted(eventID, to: &out)
        }
        appendStatic(#","data":"#, to: &out)
        out.append(contentsOf: record.payload)
        let crc = out.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        appendStatic(#","crc32c":""#, to: &out)
        appendHex8(crc, to: &out)
        appendStatic("\"}\n", to: &out)
    }

    /// The bytes of a literal, with no allocation or lazy global (the hot path writes ten per record).
    @inline(__always)
    package static func appendStatic(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `JSONWriter.appendQuoted`, with the common case — nothing to escape, found eight bytes at
    /// a time — copied in one go. The bytes are exactly `JSONWriter`'s.
    package static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        var value = value
        let plain = value.withUTF8 { b -> Bool in
            guard !needsEscape(UnsafeRawBufferPointer(b)) else { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: b)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if !plain { JSONWriter.appendQuoted(value, to: &out) }
    }

    /// True when `b` holds a byte JSON must escape: a control character (< 0x20), `"` or `\`.
    /// Tests eight bytes per step with the "has a zero byte" / "has a byte less than n" word tricks,
    /// which are exact about whether such a byte exists.
    package static func needsEscape(_ b: UnsafeRawBufferPointer) -> Bool {
        @inline(__always) func flagged(_ w: UInt64) -> Bool {
            ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C) != 0
        }
        var i = 0
        let n = b.count
        while i + 8 <= n {
            if flagged(b.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
            i += 8
        }
        while i < n {
            let c = b[i]
            if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// The decimal digits of `value`, with no allocation (the payload encoder uses it too).
    package static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        withDecimalDigits(value) { out.append(contentsOf: $0) }
    }

    /// Calls `body` with the decimal digits of `value`, formatted in 24 bytes of stack scratch.
    @inline(__always)
    static func withDecimalDigits<R>(_ value: UInt64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { buf in
            var v = value
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            return body(UnsafeRawBufferPointer(rebasing: buf[i...]))
        }
    }

    /// `time.appendRFC3339(to: &out, .microseconds)` — `YYYY-MM-DDTHH:MM:SS.ffffffZ`, always 27
    /// bytes — formatted in a fixed scratch buffer, with no allocation (the log's hot path
    /// formats two times per record). `RecordTimeFormatTests` pin it against `Timestamp`.
    package static func appendTime(_ time: Timestamp, to out: inout [UInt8]) {
        let day = time.utcDay
        let micros = time.microseconds - day * 86_400_000_000
        let (y, m, d) = Timestamp.civil(days: day)
        let secs = Int(micros / 1_000_000)
        let frac = Int(micros % 1_000_000)
        var text: (UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0)  // 28 bytes of scratch
        withUnsafeMutableBytes(of: &text) { buf in
            func put(_ value: Int, _ width: Int, at end: Int) {
                var v = value
                var i = end
                while i > end - width { i -= 1; buf[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 }
            }
            put(y, 4, at: 4); buf[4] = UInt8(ascii: "-")
            put(m, 2, at: 7); buf[7] = UInt8(ascii: "-")
            put(d, 2, at: 10); buf[10] = UInt8(ascii: "T")
            put(secs / 3600, 2, at: 13); buf[13] = UInt8(ascii: ":")
            put(secs / 60 % 60, 2, at: 16); buf[16] = UInt8(ascii: ":")
            put(secs % 60, 2, at: 19); buf[19] = UInt8(ascii: ".")
            put(frac, 6, at: 26); buf[26] = UInt8(ascii: "Z")
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[0..<27]))
        }
    }

    static func appendHex8(_ value: UInt32, to out: inout [UInt8]) {
        var text: UInt64 = 0  // 8 bytes of scratch
        withUnsafeMutableBytes(of: &text) { buf in
            for k in 0..<8 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt32(28 - 4 * k)) & 0xF
                buf[k] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            out.append(contentsOf: buf)
        }
    }
}

/// The fixed pieces of a stored line.
enum Literal {
    static let seqKey: [UInt8] = Array(#"{"seq":"#.utf8)
    static let recordedAtKey: [UInt8] = Array(#","recorded_at":""#.utf8)
    static let typeKey: [UInt8] = Array(#","type":"#.utf8)
    static let versionKey: [UInt8] = Array(#","v":"#.utf8)
    static let eventIDKey: [UInt8] = Array(#","event_id":"#.utf8)
    static let dataKey: [UInt8] = Array(#","data":"#.utf8)
    static let crcKey: [UInt8] = Array(#","crc32c":""#.utf8)
    static let lineEnd: [UInt8] = Array("\"}\n".utf8)
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// Bytes at the end of every line, newline excluded: `,"crc32c":"xxxxxxxx"}`.
    static let trailerLength = 21
}
