/// Little-endian fixed-width integers, length-prefixed strings and integer arrays, for
/// checkpoint files. Arrays are copied in bulk: checkpoints are only written and read on
/// little-endian machines (every platform Swift runs tslog on).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes += utf8
    }
    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func raw(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }

    /// The element count (u64), then the elements' bytes as they are in memory.
    mutating func array<T: FixedWidthInteger>(_ values: [T]) {
        u64(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `ByteWriter` wrote from memory the caller keeps alive (a mapped checkpoint);
/// throws `ByteReader.Short` past the end.
struct ByteReader {
    struct Short: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "checkpoint body ends early at byte \(offset)" }
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset == bytes.count }

    /// How many bytes are left to read.
    var remaining: Int { bytes.count - offset }

    /// Moves past `n` bytes, returning where they start.
    mutating func skip(_ n: Int) throws -> Int {
        guard n >= 0, n <= bytes.count - offset else { throw Short(offset: offset) }
        defer { offset += n }
        return offset
    }

    mutating func u8() throws -> UInt8 { bytes[try skip(1)] }
    mutating func u32() throws -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try skip(4), as: UInt32.self)) }
    mutating func u64() throws -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try skip(8), as: UInt64.self)) }
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }

    mutating func string() throws -> String {
        let n = Int(try u32())
        let at = try skip(n)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
    }

    /// An array `ByteWriter.array` wrote, copied in bulk, with room for `headroom` more
    /// elements (so the first appends after a load do not copy the whole array).
    mutating func array<T: FixedWidthInteger>(_: T.Type, headroom: Int = 0) throws -> [T] {
        let count = try u64()
        guard count <= UInt64(bytes.count - offset) / UInt64(MemoryLayout<T>.stride) else { throw Short(offset: offset) }
        return try raw(T.self, count: Int(count), headroom: headroom)
    }

    /// Moves past an array `ByteWriter.array` wrote, without reading it.
    mutating func skipArray<T: FixedWidthInteger>(_: T.Type) throws {
        let count = try u64()
        guard count <= UInt64(bytes.count - offset) / UInt64(MemoryLayout<T>.stride) else { throw Short(offset: offset) }
        _ = try skip(Int(count) * MemoryLayout<T>.stride)
    }

    /// `count` values of `T` stored as they are in memory, copied in bulk. `T` must be a type
    /// every bit pattern of which is valid, or the caller must check the values before use.
    mutating func raw<T>(_: T.Type, count n: Int, headroom: Int = 0) throws -> [T] {
        let length = n * MemoryLayout<T>.stride
        let at = try skip(length)
        return [T](unsafeUninitializedCapacity: n + headroom) { buffer, initialized in
            UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<length])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + length)]))
            initialized = n
        }
    }
}

#if !_endian(little)
#error("checkpoint files are read and written in the machine's byte order, assumed little-endian")
#endif
