#if canImport(Glibc)
import Glibc
#endif

/// The parts of one stored line, as offsets into it.
struct ParsedRecord {
    var seq: UInt64
    var recordedAt: Timestamp
    var schemaVersion: Int
    var type: Range<Int>
    var eventID: Range<Int>?
    var payload: Range<Int>
}

/// A hand-written parser for the fixed envelope, the hot path of every scan.
///
/// It knows the exact key order, so it never builds a JSON tree and never allocates. Any line
/// that differs from the envelope in one byte is refused with the reason. The payload is only
/// checked to start with `{` and end with `}`; its bytes are covered by the checksum, and
/// `verifyLog` validates it fully.
enum RecordParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>, verifyChecksum: Bool) throws(RecordDefect) -> ParsedRecord {
        var times = RecentTime()
        return try parse(line, verifyChecksum: verifyChecksum, times: &times)
    }

    /// `parse`, remembering the last `recorded_at` in `times`: the records of one append share
    /// their time, so a scan reads most times by comparing 28 bytes with the last ones.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, verifyChecksum: Bool,
                      times: inout RecentTime) throws(RecordDefect) -> ParsedRecord {
        guard let base = line.baseAddress else { throw .envelope("empty line") }
        let n = line.count
        let trailer = n - Literal.trailerLength
        // Smallest envelope: {"seq":1,"recorded_at":"<27>","type":"x","v":1,"data":{}} + trailer.
        guard trailer >= 71 else { throw .envelope("line too short for a record") }
        var i = 0

        guard matches(base, "{\"seq\":") else { throw .envelope("expected {\"seq\": at the start") }
        i = 7
        guard let seq = decimal(base, &i, limit: trailer, maxDigits: 20), seq > 0 else { throw .envelope("bad seq number") }

        guard i + 16 <= trailer, matches(base + i, ",\"recorded_at\":\"") else { throw .envelope("expected ,\"recorded_at\":\" after seq") }
        i += 16
        guard i + 28 <= trailer, let time = times.time(at: base + i) else { throw .envelope("bad recorded_at time") }
        i += 27
        guard i + 10 <= trailer, matches(base + i, "\",\"type\":\"") else { throw .envelope("expected \",\"type\":\" after recorded_at") }
        i += 10
        let typeStart = i
        guard scanString(base, &i, limit: trailer), i > typeStart else { throw .envelope("bad type string") }
        let typeRange = typeStart..<i
        i += 1

        guard i + 5 <= trailer, matches(base + i, ",\"v\":") else { throw .envelope("expected ,\"v\": after type") }
        i += 5
        guard let version = decimal(base, &i, limit: trailer, maxDigits: 9) else { throw .envelope("bad v number") }

        var eventRange: Range<Int>? = nil
        if i + 13 <= trailer, matches(base + i, ",\"event_id\":\"") {
            i += 13
            let start = i
            guard scanString(base, &i, limit: trailer) else { throw .envelope("bad event_id string") }
            eventRange = start..<i
            i += 1
        }
        guard i + 8 <= trailer, matches(base + i, ",\"data\":") else { throw .envelope("expected ,\"data\": after v or event_id") }
        i += 8
        guard i + 2 <= trailer, base[i] == UInt8(ascii: "{"), base[trailer - 1] == UInt8(ascii: "}") else {
            throw .envelope("data is not a JSON object")
        }
        let payload = i..<trailer

        guard matches(base + trailer, ",\"crc32c\":\""), base[n - 2] == UInt8(ascii: "\""), base[n - 1] == UInt8(ascii: "}"),
              let stored = hex8(base + trailer + 11) else { throw .envelope("expected ,\"crc32c\":\"xxxxxxxx\"} at the end") }
        if verifyChecksum {
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(start: base, count: trailer))
            guard computed == stored else { throw .checksum(stored: stored, computed: computed) }
        }
        return ParsedRecord(seq: seq, recordedAt: time, schemaVersion: Int(version), type: typeRange,
                            eventID: eventRange, payload: payload)
    }

    /// Whether the bytes at `p` start with `literal`.
    @inline(__always)
    static func matches(_ p: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        bytesEqual(p, literal.utf8Start, literal.utf8CodeUnitCount)
    }

    /// A decimal without leading zeros (a lone `0` is allowed), at most `maxDigits` digits.
    static func decimal(_ p: UnsafePointer<UInt8>, _ i: inout Int, limit: Int, maxDigits: Int) -> UInt64? {
        let start = i
        var value: UInt64 = 0
        while i < limit, p[i] &- 48 < 10 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(p[i] &- 48))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        let count = i - start
        guard count >= 1, count <= maxDigits, !(count > 1 && p[start] == 48) else { return nil }
        return value
    }

    /// Moves `i` to the closing quote of a JSON string whose contents start at `i`.
    /// Refuses raw control characters and a backslash with nothing after it.
    static func scanString(_ p: UnsafePointer<UInt8>, _ i: inout Int, limit: Int) -> Bool {
        // Eight bytes at a time while none is a quote, a backslash or a control character.
        while i + 8 <= limit {
            let w = ByteWord.load(p + i)
            if ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C) != 0 { break }
            i += 8
        }
        while i < limit {
            let c = p[i]
            if c == UInt8(ascii: "\"") { return true }
            if c < 0x20 { return false }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        return false
    }

    /// Eight lowercase hex digits.
    ///
    /// Without a branch per digit: a checksum's digits are random, and a branch on digit or
    /// letter would be mispredicted about every other time.
    static func hex8(_ p: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var invalid: UInt8 = 0
        for k in 0..<8 {
            let c = p[k]
            let digit = c &- 48, letter = c &- 97
            let isDigit = digit < 10
            invalid |= (isDigit || letter < 6) ? 0 : 1
            value = value << 4 | UInt32(isDigit ? digit : letter &+ 10)
        }
        return invalid == 0 ? value : nil
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` followed by `"`, exactly as the writer stores it.
    static func fixedTimestamp(_ p: UnsafePointer<UInt8>) -> Timestamp? {
        @inline(__always) func d(_ k: Int) -> Int? {
            let v = p[k] &- 48
            return v < 10 ? Int(v) : nil
        }
        @inline(__always) func num(_ at: Int, _ count: Int) -> Int? {
            var v = 0
            for k in at..<(at + count) { guard let x = d(k) else { return nil }; v = v * 10 + x }
            return v
        }
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"), p[10] == UInt8(ascii: "T"),
              p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":"), p[19] == UInt8(ascii: "."),
              p[26] == UInt8(ascii: "Z"), p[27] == UInt8(ascii: "\""),
              let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
              let hour = num(11, 2), let minute = num(14, 2), let second = num(17, 2), let micros = num(20, 6),
              year >= 1, month >= 1, month <= 12, day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        let days = Timestamp.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(microseconds: seconds * 1_000_000 + Int64(micros))
    }
}

/// The last `recorded_at` a scan parsed: its 27 bytes and closing quote, and its value.
struct RecentTime {
    private var bytes: (UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0)
    private var value: Timestamp? = nil

    /// The time written at `p` (27 bytes and a quote), as `RecordParser.fixedTimestamp` reads
    /// it; nil when that refuses it.
    @inline(__always)
    mutating func time(at p: UnsafePointer<UInt8>) -> Timestamp? {
        let raw = UnsafeRawPointer(p)
        let now = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                   raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        if let value, now == bytes { return value }
        let parsed = RecordParser.fixedTimestamp(p)
        bytes = now
        value = parsed
        return parsed
    }
}
