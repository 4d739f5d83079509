/// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF.
///
/// Every stored record carries the CRC-32C of its bytes before `,"crc32c":`, so every read of the
/// log computes it over every byte: it must run at memory speed. On x86-64 processors with
/// SSE 4.2 (every one since 2008) the processor's `crc32` instruction computes it
/// (`CRC32C.Hardware`, about twice the speed of the tables); elsewhere, the slicing-by-16 tables
/// (`CRC32C.software`). Both give the same answer for every input (`CRC32CTests`).
/// The check value of `"123456789"` is 0xE3069283.
///
/// - Complexity: O(n).
public enum CRC32C {
    /// The CRC-32C of `bytes`. Pass an earlier result as `seed` to continue it over more bytes:
    /// `checksum(b, seed: checksum(a)) == checksum(a + b)`.
    @inline(__always)
    package static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        if Hardware.isAvailable { return Hardware.checksum(bytes, seed: seed) }
        return software(bytes, seed: seed)
    }

    /// The CRC-32C of a byte array.
    public static func checksum(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, seed: seed) }
    }
}
