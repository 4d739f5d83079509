/// Eight bytes of text tested at once (SWAR): the scans of records and payloads step a word at a
/// time past bytes that need no attention, then finish byte by byte.
///
/// Each test gives a word with the high bit of a byte set where that byte is flagged. The flag
/// of the lowest flagged byte is exact; a borrow may also flag bytes above it, which only sends
/// the scan to its byte loop a little early.
///
/// Public only so that the other modules' scans inline it (`@inlinable package` is not inlined
/// across modules: the cold rebuild took 27 % more CPU); not part of the library's API.
public enum ByteWord {
    /// Eight bytes at `p`, in memory order (the first in the low byte on a little-endian machine).
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    }

    /// Flags the bytes of `word` equal to `byte`.
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// Flags the bytes of `word` below `bound` (at most 0x80); bytes of 0x80 and up are never
    /// flagged.
    @inlinable @inline(__always)
    public static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highs
    }

    /// Flags the bytes of `word` of 0x80 and up (not ASCII).
    @inlinable @inline(__always)
    public static func high(_ word: UInt64) -> UInt64 { word & highs }

    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080
}
