import Testing
@testable import SampleDomain

/// `SampleID.parse` against a plain reading of the 8-4-4-4-12 form, on printed ids in both cases
/// and on ids with one byte changed, dropped or added.
@Suite("Sample id parsing")
struct SampleIDParseTests {
    /// The reference: dashes where the form puts them, hex digits everywhere else.
    static func reference(_ bytes: [UInt8]) -> SampleID? {
        guard bytes.count == 36 else { return nil }
        var nibbles: [UInt64] = []
        for (i, c) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let v = UInt64(String(UnicodeScalar(c)), radix: 16) else { return nil }
            nibbles.append(v)
        }
        let high = nibbles[..<16].reduce(0) { $0 << 4 | $1 }
        let low = nibbles[16...].reduce(0) { $0 << 4 | $1 }
        return SampleID(high: high, low: low)
    }

    static func parse(_ bytes: [UInt8]) -> SampleID? { bytes.withUnsafeBufferPointer { SampleID.parse($0) } }

    @Test func printedIdsParseBackInEitherCase() {
        var rng = SplitMix64(seed: 31)
        for _ in 0..<2_000 {
            let id = rng.sampleID()
            #expect(Self.parse(Array(id.description.utf8)) == id)
            #expect(Self.parse(Array(id.description.uppercased().utf8)) == id)
        }
    }

    @Test func damagedIdsAgreeWithTheReference() {
        var rng = SplitMix64(seed: 32)
        var refused = 0
        for _ in 0..<20_000 {
            var bytes = Array(rng.sampleID().description.utf8)
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.remove(at: at)
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            }
            let parsed = Self.parse(bytes)
            #expect(parsed == Self.reference(bytes), "\(bytes)")
            if parsed == nil { refused += 1 }
        }
        #expect(refused > 10_000)
    }
}
