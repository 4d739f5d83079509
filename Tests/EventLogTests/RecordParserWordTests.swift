import Testing
@testable import EventLog

/// The envelope parser's word-at-a-time steps against byte-at-a-time references: the string
/// scan must stop where a byte loop stops and refuse what it refuses, and the checksum's hex
/// digits must read exactly the lowercase hex a byte loop reads.
@Suite("Record parser: word-at-a-time steps")
struct RecordParserWordTests {
    /// The byte loop the word scan must agree with.
    static func referenceScan(_ bytes: [UInt8], limit: Int) -> (ok: Bool, end: Int) {
        var i = 0
        while i < limit {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return (true, i) }
            if c < 0x20 { return (false, i) }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        return (false, i)
    }

    @Test func stringScanStopsWhereAByteLoopStops() {
        var rng = SplitMix64(seed: 0x5CA7)
        // Mostly plain bytes, with quotes, backslashes, control and high bytes at random places.
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xFF, 0x21, 0x23, 0x5B, 0x5D]
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 40)
            var bytes = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
            for _ in 0..<Int(rng.next() % 3) where length > 0 {
                bytes[Int(rng.next() % UInt64(length))] = specials[Int(rng.next() % UInt64(specials.count))]
            }
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 16)  // bytes past the limit
            let limit = length
            let expected = Self.referenceScan(bytes, limit: limit)
            bytes.withUnsafeBufferPointer { b in
                var i = 0
                let ok = RecordParser.scanString(b.baseAddress!, &i, limit: limit)
                #expect(ok == expected.ok, "\(bytes.prefix(limit))")
                if ok { #expect(i == expected.end, "\(bytes.prefix(limit))") }
            }
        }
    }

    @Test func hexDigitsReadOnlyLowercaseHex() {
        let alphabet = Array("0123456789abcdefABCDEFg/:`@G ".utf8)
        var rng = SplitMix64(seed: 0x4E8)
        for _ in 0..<50_000 {
            let digits = (0..<8).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let expected = UInt32(String(decoding: digits, as: UTF8.self), radix: 16)
            let lowercase = digits.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
            let read = digits.withUnsafeBufferPointer { RecordParser.hex8($0.baseAddress!) }
            #expect(read == (lowercase ? expected : nil), "\(String(decoding: digits, as: UTF8.self))")
        }
        #expect([UInt8]("ffffffff".utf8).withUnsafeBufferPointer { RecordParser.hex8($0.baseAddress!) } == 0xFFFF_FFFF)
        #expect([UInt8]("00000000".utf8).withUnsafeBufferPointer { RecordParser.hex8($0.baseAddress!) } == 0)
    }
}

/// `RecentTime` gives what `RecordParser.fixedTimestamp` gives for every time in a sequence
/// that repeats times, changes one byte, and mixes in refused ones.
@Suite("Record parser: the last recorded_at")
struct RecentTimeTests {
    @Test func sameAsParsingEachTime() {
        var rng = SplitMix64(seed: 0x7133)
        let base = Array("2026-11-25T18:21:01.218612Z\"".utf8)
        var times = RecentTime()
        var last = base
        for _ in 0..<20_000 {
            var bytes = last
            switch rng.next() % 4 {
            case 0: break  // the same time again
            case 1: bytes = base
            case 2: bytes[Int(rng.next() % 28)] = UInt8(ascii: "0") + UInt8(rng.next() % 10)  // another digit (or a refused byte)
            default: bytes[Int(rng.next() % 28)] = UInt8(truncatingIfNeeded: rng.next())
            }
            last = bytes
            bytes.withUnsafeBufferPointer { b in
                #expect(times.time(at: b.baseAddress!) == RecordParser.fixedTimestamp(b.baseAddress!),
                        "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}
