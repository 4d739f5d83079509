import Testing
@testable import SampleDomain

/// `PayloadReader.rawString` skips eight bytes at a time; it must end exactly where a byte loop
/// ends (the first quote) and refuse exactly what a byte loop refuses (a backslash first, or no
/// closing quote).
@Suite("Payload reader: raw strings")
struct PayloadRawStringTests {
    static func reference(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.first == UInt8(ascii: "\"") else { return nil }
        for (n, c) in bytes.enumerated().dropFirst() {
            if c == UInt8(ascii: "\"") { return Array(bytes[1..<n]) }
            if c == UInt8(ascii: "\\") { return nil }
        }
        return nil
    }

    @Test func endsAndRefusesLikeAByteLoop() {
        var rng = SplitMix64(seed: 0x2A3)
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x7F, 0x80, 0xFF, 0x21, 0x5D]
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 48)
            var bytes = [UInt8(ascii: "\"")] + (0..<length).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 40) }
            for _ in 0..<Int(rng.next() % 3) where length > 0 {
                bytes[1 + Int(rng.next() % UInt64(length))] = specials[Int(rng.next() % UInt64(specials.count))]
            }
            if rng.next() % 4 != 0 { bytes.append(UInt8(ascii: "\"")) }
            bytes += Array(",\"x\":1}".utf8.prefix(Int(rng.next() % 8)))
            let expected = Self.reference(bytes)
            bytes.withUnsafeBufferPointer { b in
                var r = PayloadReader(b, type: .sampleSubmitted)
                let read = try? r.rawString("label").map { $0 }
                #expect(read == expected, "\(bytes)")
            }
        }
    }
}
