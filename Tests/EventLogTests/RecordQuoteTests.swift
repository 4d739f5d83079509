import Testing
@testable import EventLog

/// `RecordEncoder.appendQuoted` and `needsEscape` (the word-at-a-time check of the write path)
/// against `JSONWriter.appendQuoted` and a byte-by-byte check.
@Suite struct RecordQuoteTests {
    static func naiveNeedsEscape(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    @Test("each byte value at each position of a 1-to-17-byte run")
    func everyByteEverywhere() {
        for length in 1...17 {
            for at in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[at] = UInt8(value)
                    let fast = bytes.withUnsafeBytes { RecordEncoder.needsEscape($0) }
                    #expect(fast == Self.naiveNeedsEscape(bytes), "byte \(value) at \(at) of \(length)")
                }
            }
        }
    }

    @Test("seeded random strings quote exactly as JSONWriter does")
    func seededStrings() {
        var rng = SplitMix64(seed: 448)
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "您", "🙂", "\u{80}", "~", "!", "#"]
        var escaped = 0
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                s += Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : "plain"
            }
            var fast: [UInt8] = [], slow: [UInt8] = []
            RecordEncoder.appendQuoted(s, to: &fast)
            JSONWriter.appendQuoted(s, to: &slow)
            #expect(fast == slow, "\(s.debugDescription)")
            if Self.naiveNeedsEscape(Array(s.utf8)) { escaped += 1 }
        }
        #expect(escaped > 1_000 && escaped < 19_000)
    }
}
