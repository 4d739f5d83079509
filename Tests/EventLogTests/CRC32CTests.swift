import Testing
@testable import EventLog

@Suite("CRC-32C")
struct CRC32CTests {
    /// Bit-at-a-time CRC-32C: the oracle.
    static func naive(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Self.naive(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func matchesNaiveOnRandomData() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for length in Array(0...40) + [63, 64, 65, 1000, 4097] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(CRC32C.checksum(bytes) == Self.naive(bytes), "length \(length)")
        }
    }

    @Test func unalignedStartsAndContinuation() {
        var rng = SplitMix64(seed: 7)
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                let slice = UnsafeRawBufferPointer(rebasing: all[start...])
                #expect(CRC32C.checksum(slice) == Self.naive(Array(bytes[start...])))
            }
        }
        let split = 123
        let continued = CRC32C.checksum(Array(bytes[split...]), seed: CRC32C.checksum(Array(bytes[..<split])))
        #expect(continued == CRC32C.checksum(bytes))
    }
}
