/// Little-endian fixed-width integers and length-prefixed strings, for checkpoint files.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes += utf8
    }
    mutating func raw(_ b: [UInt8]) { bytes += b }
}

/// Reads what `ByteWriter` wrote; throws `ByteReader.Short` past the end.
struct ByteReader {
    struct Short: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "checkpoint body ends early at byte \(offset)" }
    }

    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func u8() throws -> UInt8 {
        guard offset < bytes.count else { throw Short(offset: offset) }
        offset += 1
        return bytes[offset - 1]
    }

    mutating func u32() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Short(offset: offset) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func u64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Short(offset: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }

    mutating func string() throws -> String {
        let n = Int(try u32())
        guard offset + n <= bytes.count else { throw Short(offset: offset) }
        defer { offset += n }
        return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }
}
