import Testing
@testable import EventLog

/// `ByteWord`'s tests on every byte value in every position of a word: the lowest flagged byte
/// is exactly the lowest byte the test is about, and a word with no such byte flags nothing.
@Suite struct ByteWordTests {
    /// Index of the lowest flagged byte, or nil.
    static func lowest(_ flags: UInt64) -> Int? { flags == 0 ? nil : flags.trailingZeroBitCount / 8 }

    @Test func lowestFlagIsExact() {
        var rng = SplitMix64(seed: 0xB7E5)
        for _ in 0..<200_000 {
            var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() % 2 == 0 {  // mostly plain bytes, with a special one somewhere
                bytes = bytes.map { 0x20 + $0 % 0x5F }
                bytes[Int(rng.next() % 8)] = [0x00, 0x1F, 0x20, 0x22, 0x5C, 0x7F, 0x80, 0xFF][Int(rng.next() % 8)]
            }
            let word = bytes.withUnsafeBufferPointer { ByteWord.load($0.baseAddress!) }
            #expect(Self.lowest(ByteWord.equal(word, 0x22)) == bytes.firstIndex(of: 0x22))
            #expect(Self.lowest(ByteWord.equal(word, 0x5C)) == bytes.firstIndex(of: 0x5C))
            #expect(Self.lowest(ByteWord.below(word, 0x20)) == bytes.firstIndex { $0 < 0x20 })
            #expect(Self.lowest(ByteWord.high(word)) == bytes.firstIndex { $0 >= 0x80 })
        }
    }
}
