@testable import EventLog
import Testing

/// `Timestamp.parse` reads the form tslog writes (`…T12:00:00.000000Z`, 27 bytes) by fixed
/// offsets. Checked against the general reader, which reads the same text with `+00:00` in
/// place of `Z`: the same instant, or nil for both, on valid and damaged times.
@Suite("Canonical timestamps")
struct TimestampCanonicalTests {
    static func parse(_ text: [UInt8]) -> Timestamp? { text.withUnsafeBufferPointer { Timestamp.parse($0) } }

    /// The same text with the `Z` written as an offset: 32 bytes, so never the fixed-offset path.
    static func viaOffset(_ text: [UInt8]) -> Timestamp? { parse(Array(text.dropLast()) + Array("+00:00".utf8)) }

    @Test func printedTimesReadBackTheSameBothWays() {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<5_000 {
            let t = Timestamp(microseconds: Int64.random(in: Timestamp.minimum.microseconds...Timestamp.maximum.microseconds, using: &rng))
            let text = Array(t.rfc3339(.microseconds).utf8)
            #expect(text.count == 27)
            #expect(Self.parse(text) == t)
            #expect(Self.viaOffset(text) == t)
        }
    }

    @Test func damagedTimesAgreeWithTheGeneralReader() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("0123456789-:.TZtz +/".utf8) + [0x00, 0xFF]
        var refused = 0
        for _ in 0..<20_000 {
            let t = Timestamp(microseconds: Int64.random(in: Timestamp.minimum.microseconds...Timestamp.maximum.microseconds, using: &rng))
            var text = Array(t.rfc3339(.microseconds).utf8)
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                text[Int.random(in: 0..<26, using: &rng)] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            }
            let parsed = Self.parse(text)
            #expect(parsed == Self.viaOffset(text), "\(String(decoding: text, as: UTF8.self))")
            if parsed == nil { refused += 1 }
        }
        #expect(refused > 5_000)
    }

    @Test func edgesOfTheRange() {
        for (text, expected) in [("0001-01-01T00:00:00.000000Z", Timestamp.minimum), ("9999-12-31T23:59:59.999999Z", Timestamp.maximum)] {
            #expect(Self.parse(Array(text.utf8)) == expected)
        }
        for text in ["0000-01-01T00:00:00.000000Z", "2025-02-29T00:00:00.000000Z", "2024-13-01T00:00:00.000000Z", "2024-01-01T24:00:00.000000Z"] {
            #expect(Self.parse(Array(text.utf8)) == nil, "\(text)")
        }
        // A leap second is read the long way: the next minute, as PostgreSQL does.
        #expect(Self.parse(Array("2016-12-31T23:59:60.000000Z".utf8)) == Self.parse(Array("2017-01-01T00:00:00.000000Z".utf8)))
    }
}
