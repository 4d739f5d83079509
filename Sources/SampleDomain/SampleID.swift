/// A sample's UUID, the table's `id uuid` primary key, held as 16 bytes.
///
/// Comparison is byte-wise, which is PostgreSQL's `uuid` order and the order of the lowercase text.
public struct SampleID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first and last eight bytes, big-endian.
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    public static func < (a: SampleID, b: SampleID) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// Parses the 8-4-4-4-12 hex form, in any case. Returns nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let id = bytes.withUnsafeBufferPointer({ SampleID.parse($0) }) else { return nil }
        self = id
    }

    /// Parses the 8-4-4-4-12 hex form from UTF-8 bytes.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> SampleID? {
        guard b.count == 36 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var nibbles = 0
        for i in 0..<36 {
            let c = b[i]
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let v: UInt8
            switch c {
            case 48...57: v = c - 48
            case 97...102: v = c - 87
            case 65...70: v = c - 55
            default: return nil
            }
            if nibbles < 16 { high = high << 4 | UInt64(v) } else { low = low << 4 | UInt64(v) }
            nibbles += 1
        }
        return SampleID(high: high, low: low)
    }

    /// The lowercase 8-4-4-4-12 form, as PostgreSQL prints a `uuid`.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            let word = i < 16 ? high : low
            let shift = UInt64(60 - (i % 16) * 4)
            out.append(hex[Int((word >> shift) & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
