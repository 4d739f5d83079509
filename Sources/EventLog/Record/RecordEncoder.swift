/// Writes the stored line of a record. THE FORMAT IS FROZEN: keys, their order and every byte of
/// punctuation are part of the on-disk contract (docs/events.md); a pinned-line test guards it.
///
///     {"seq":1,"recorded_at":"2026-11-25T12:00:00.000000Z","type":"t","v":1,"event_id":"e","data":{...},"crc32c":"1a2b3c4d"}\n
package enum RecordEncoder {
    /// Appends the full line, newline included, of `record` stored as `seq` at `recordedAt`.
    static func append(seq: UInt64, recordedAt: Timestamp, record: NewRecord, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: Literal.seqKey)
        appendDecimal(seq, to: &out)
        out.append(contentsOf: Literal.recordedAtKey)
        appendTime(recordedAt, to: &out)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: Literal.typeKey)
        JSONWriter.appendQuoted(record.type, to: &out)
        out.append(contentsOf: Literal.versionKey)
        appendDecimal(UInt64(record.schemaVersion), to: &out)
        if let eventID = record.eventID {
            out.append(contentsOf: Literal.eventIDKey)
            JSONWriter.appendQuoted(eventID, to: &out)
        }
        out.append(contentsOf: Literal.dataKey)
        out.append(contentsOf: record.payload)
        let crc = out.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        out.append(contentsOf: Literal.crcKey)
        appendHex8(crc, to: &out)
        out.append(contentsOf: Literal.lineEnd)
    }

    /// The decimal digits of `value`, with no allocation (the payload encoder uses it too).
    package static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, no allocation
        withUnsafeMutableBytes(of: &digits) { buf in
            var v = value
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i...]))
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
        for shift in stride(from: 28, through: 0, by: -4) {
            out.append(Literal.hexDigits[Int((value >> UInt32(shift)) & 0xF)])
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
