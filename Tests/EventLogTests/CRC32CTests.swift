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

@Suite("CRC-32C: the processor's instruction and the tables")
struct CRC32CPathTests {
    /// Both ways of computing, on every length up to 600 and every start offset up to 8 (the
    /// instruction path reads eight bytes at a time and finishes with the table), and continued
    /// from a seed.
    @Test func hardwareAndSoftwareAgree() {
        var rng = SplitMix64(seed: 0x5EED_C4C)
        let bytes = (0..<620).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in 0...(600 - start) {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let software = CRC32C.software(slice)
                    if start == 0 { #expect(software == CRC32CTests.naive(Array(slice)), "length \(length)") }
                    if CRC32C.Hardware.isAvailable {
                        #expect(CRC32C.Hardware.checksum(slice, seed: 0) == software, "start \(start), length \(length)")
                        #expect(CRC32C.Hardware.checksum(slice, seed: 0xDEAD_BEEF) == CRC32C.software(slice, seed: 0xDEAD_BEEF))
                    }
                }
            }
        }
    }

    /// On x86-64 the instruction must be found (every x86-64 processor since 2008 has SSE 4.2);
    /// if this fails, reads silently fall back to the tables at half the speed.
    @Test func x86ProcessorsUseTheInstruction() {
        #if arch(x86_64)
        #expect(CRC32C.Hardware.isAvailable)
        #endif
    }
}
