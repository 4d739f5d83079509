import Testing
@testable import SampleDomain

/// `LineScan.stopsPlain`, the eight-bytes-at-a-time test of the fast reader's string scan,
/// against the byte-by-byte rule: printable ASCII other than `"` and `\` continues a plain run.
@Suite("Fast reader word test")
struct FastScanWordTests {
    static func stops(_ c: UInt8) -> Bool {
        c < 0x20 || c >= 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\")
    }

    @Test("each byte value at each position, among plain bytes")
    func everyByteEverywhere() {
        for filler in [UInt8(ascii: "a"), 0x20, 0x7E, UInt8(ascii: "!")] {
            for at in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[at] = UInt8(value)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(LineScan.stopsPlain(word) == Self.stops(UInt8(value)), "byte \(value) at \(at)")
                }
            }
        }
    }

    @Test("seeded random words")
    func randomWords() {
        var rng = SplitMix64(seed: 8_8)
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0x20...0x7E, using: &rng) : UInt8.random(in: 0...255, using: &rng)
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(LineScan.stopsPlain(word) == bytes.contains(where: Self.stops))
        }
    }
}
