#if canImport(Glibc)
import Glibc
#endif

/// A large reusable read buffer (default 8 MiB), grown only for a line longer than it.
final class ChunkBuffer {
    private(set) var storage: UnsafeMutableRawBufferPointer

    init(capacity: Int = 8 << 20) {
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    /// Doubles the capacity, keeping the first `keep` bytes.
    func grow(keeping keep: Int) {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
        bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[0..<keep]))
        storage.deallocate()
        storage = bigger
    }

    deinit { storage.deallocate() }
}

/// How `LineReader.forEachLine` ended.
struct LineReadEnd {
    /// Offset just past the last complete line delivered (or where the caller stopped).
    var offset: Int
    /// Bytes after `offset` that end without a newline (0 when the file ends in one, or when stopped).
    var unterminatedBytes: Int
    var stopped: Bool
}

/// Splits a file into newline-terminated lines, reading big chunks with `pread`.
///
/// Like NIO's line decoder it remembers how far it got: a last piece with no newline is reported
/// as `unterminatedBytes`, never delivered as a line. That is how a torn tail is told apart.
enum LineReader {
    /// Calls `body(line, offset)` for each complete line from `start`; the line excludes its
    /// newline and is valid only during the call. `body` returns false to stop. With `end`, the
    /// bytes from offset `end` on are not read (the file is taken to end there: a last
    /// segment's padding, `SegmentPadding`).
    static func forEachLine(_ file: OwnedFile, from start: Int, end limit: Int? = nil, buffer: ChunkBuffer,
                            _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Bool) throws -> LineReadEnd {
        var fileOffset = start      // next byte to read from the file
        var filled = 0              // bytes in the buffer
        var pos = 0                 // start of the next line in the buffer
        var bufferStart = start     // file offset of buffer[0]
        while true {
            if filled == buffer.storage.count {
                if pos > 0 {
                    let rest = filled - pos
                    let base = buffer.storage.baseAddress!  // allocated, never empty
                    memmove(base, base + pos, rest)
                    bufferStart += pos
                    filled = rest
                    pos = 0
                } else {
                    buffer.grow(keeping: filled)
                }
            }
            var room = UnsafeMutableRawBufferPointer(rebasing: buffer.storage[filled...])
            if let limit { room = UnsafeMutableRawBufferPointer(rebasing: room[..<max(0, min(room.count, limit - fileOffset))]) }
            let n = room.isEmpty ? 0 : try LogError.io(file.path, "cannot read segment") {
                try file.descriptor.read(into: room, at: fileOffset)
            }
            if n == 0 { return LineReadEnd(offset: bufferStart + pos, unterminatedBytes: filled - pos, stopped: false) }
            fileOffset += n
            let base = UnsafePointer(buffer.storage.baseAddress!.assumingMemoryBound(to: UInt8.self))
            filled += n
            while pos < filled {
                guard let nl = memchr(base + pos, 0x0A, filled - pos) else { break }
                let end = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base
                let line = UnsafeBufferPointer(start: base + pos, count: end - pos)
                let lineOffset = bufferStart + pos
                pos = end + 1
                if try !body(line, lineOffset) {
                    return LineReadEnd(offset: bufferStart + pos, unterminatedBytes: 0, stopped: true)
                }
            }
            if pos == filled { bufferStart += pos; filled = 0; pos = 0 }
        }
    }
}
