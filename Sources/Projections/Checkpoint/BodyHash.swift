/// The checksum of a checkpoint body: a 64-bit multiply–rotate hash over 8-byte words in four
/// lanes (the round of xxHash64), so checking a 60 MB body costs a few milliseconds where
/// the table-driven CRC-32C of the time (~4 instructions a byte) cost ~50.
///
/// It detects damage (flipped bits, torn or shifted writes, zeroed pages) as well as a CRC does
/// in practice; it is not a cryptographic hash and does not need to be: a checkpoint guards
/// against accidents, and anything failing it is rebuilt from the log. The value is part of the
/// checkpoint format: changing this function needs a new `CheckpointStore.format`.
enum BodyHash {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9

    @inline(__always)
    private static func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        let a = acc &+ word &* p2
        return ((a << 31) | (a >> 33)) &* p1
    }

    /// The hash of `bytes`.
    /// - Complexity: O(n), about half an instruction a byte.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var a = p1 &+ p2, b = p2, c: UInt64 = 0, d = 0 &- p1
        var i = 0
        while i + 32 <= n {
            a = round(a, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            b = round(b, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
            c = round(c, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)))
            d = round(d, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)))
            i += 32
        }
        var h = ((a << 1) | (a >> 63)) &+ ((b << 7) | (b >> 57)) &+ ((c << 12) | (c >> 52)) &+ ((d << 18) | (d >> 46))
        h = round(h, UInt64(n))
        while i < n {
            h = round(h, UInt64(bytes[i]) &+ UInt64(i) << 8)
            i += 1
        }
        h ^= h >> 33
        h &*= p2
        h ^= h >> 29
        h &*= p3
        h ^= h >> 32
        return h
    }
}
