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
    package static func parse(_ b: UnsafeBufferPointer<UInt8>) -> SampleID? {
        guard b.count == 36, let p = b.baseAddress, p[8] == UInt8(ascii: "-"), p[13] == UInt8(ascii: "-"),
              p[18] == UInt8(ascii: "-"), p[23] == UInt8(ascii: "-") else { return nil }
        // Every id of every record is parsed on a rebuild: a table lookup per digit, and one
        // check of the or-ed values at the end (a non-digit maps to 0x10).
        let digit = hexDigitValues
        var invalid: UInt8 = 0
        @inline(__always) func hex(_ from: Int, _ to: Int, into word: inout UInt64) {
            for k in from..<to {
                let v = digit[Int(p[k])]
                invalid |= v
                word = word << 4 | UInt64(v & 0x0F)
            }
        }
        var high: UInt64 = 0, low: UInt64 = 0
        hex(0, 8, into: &high); hex(9, 13, into: &high); hex(14, 18, into: &high)
        hex(19, 23, into: &low); hex(24, 36, into: &low)
        return invalid & 0x10 == 0 ? SampleID(high: high, low: low) : nil
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

/// Each byte's value as a hex digit (either case), or 0x10 for a byte that is not one. Made once,
/// never freed: read without reference counting on the hot path of `SampleID.parse`.
private nonisolated(unsafe) let hexDigitValues: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    table.initialize(repeating: 0x10, count: 256)
    for (n, c) in "0123456789abcdef".utf8.enumerated() { table[Int(c)] = UInt8(n) }
    for (n, c) in "ABCDEF".utf8.enumerated() { table[Int(c)] = UInt8(n + 10) }
    return UnsafePointer(table)
}()
