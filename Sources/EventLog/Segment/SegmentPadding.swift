/// The zero bytes a running writer keeps ahead of its data in the last segment.
///
/// A record never holds a raw NUL byte (its JSON forbids unescaped control characters), so a
/// run of NUL bytes at the end of the *last* segment is space written ahead, not data: the
/// writer fills the file with real zeros past its data end and appends by overwriting them, so
/// that an append's sync does not have to write a new file size (`LogWriter+Padding`). It cuts
/// the file back to its data at a rotation and at a clean close: only the last segment of a
/// running or crashed writer has padding. In a sealed segment NUL bytes are damage, as before.
enum SegmentPadding {
    /// The offset just past the last byte among the first `size` bytes of `file` that is not
    /// NUL (0 when all are): where the written data of a last segment ends.
    ///
    /// Reads backwards from `size`, 4 KiB first, then growing blocks, so a file without padding
    /// costs one small read. A file that is shorter than `size` (cut meanwhile) ends where it ends.
    ///
    /// - Complexity: O(padding bytes), read once.
    static func dataEnd(of file: OwnedFile, size: Int) throws -> Int {
        var end = size
        var block = 4 << 10
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { buffer.deallocate() }
        while end > 0 {
            let start = max(0, end - block)
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(end - start)])
            let n = try LogError.io(file.path, "cannot read segment") { try file.descriptor.readFully(into: room, at: start) }
            if let last = lastNonZero(UnsafeRawBufferPointer(rebasing: room[0..<n])) { return start + last + 1 }
            end = start
            block = min(block * 4, buffer.count)
        }
        return 0
    }

    /// The index of the last byte of `bytes` that is not 0, checked a word at a time.
    static func lastNonZero(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = bytes.count
        while i >= 8, bytes.loadUnaligned(fromByteOffset: i - 8, as: UInt64.self) == 0 { i -= 8 }
        while i > 0 {
            if bytes[i - 1] != 0 { return i - 1 }
            i -= 1
        }
        return nil
    }

    /// For a reader of the last segment `segment` (`file`, `size` bytes): an offset at or past
    /// the end of its last complete record, without reading the padding when it can. A file
    /// whose last byte is not NUL has none: `size`. Otherwise, when the writer's recovery point
    /// (`RecoveryPointFile.peek`) names this segment and the record at its mark is there, with
    /// its seq and checksum, the data ends at the first NUL byte after the mark (records are
    /// appended after it and never hold a NUL): one small read instead of the padding's length
    /// (a running server's reads make a reader each). Anything else: `dataEnd`, backwards.
    static func readableEnd(of file: OwnedFile, segment: Segment, size: Int) throws -> Int {
        guard size > 0 else { return 0 }
        var last: UInt8 = 0
        _ = try LogError.io(file.path, "cannot read segment") {
            try withUnsafeMutableBytes(of: &last) { try file.descriptor.readFully(into: $0, at: size - 1) }
        }
        if last != 0 { return size }
        if let point = RecoveryPointFile.peek(segment.directory), point.segmentFirstSeq == segment.firstSeq,
           point.seq >= segment.firstSeq, point.end > 0, Int(point.end) <= size,
           let record = try RecordAtEnd.read(file, end: Int(point.end)), record.seq == point.seq, record.crc == point.crc {
            var at = Int(point.end)
            var block = 4 << 10
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
            defer { buffer.deallocate() }
            while at < size {
                let room = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(block, size - at)])
                let n = try LogError.io(file.path, "cannot read segment") { try file.descriptor.readFully(into: room, at: at) }
                if n == 0 { return at }
                if let zero = Memory.firstIndex(of: 0, in: UnsafeRawBufferPointer(rebasing: room[0..<n])) { return at + zero }
                at += n
                block = min(block * 4, buffer.count)
            }
            return size
        }
        return try dataEnd(of: file, size: size)
    }

    /// `dataEnd(of:size:)` of the whole file.
    static func dataEnd(of file: OwnedFile) throws -> Int {
        try dataEnd(of: file, size: try LogError.io(file.path, "cannot read segment") { try file.descriptor.size() })
    }

    /// Trailing NUL bytes of an in-memory segment dropped (see `dataEnd`).
    static func dataEnd(of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { lastNonZero($0).map { $0 + 1 } ?? 0 }
    }
}
