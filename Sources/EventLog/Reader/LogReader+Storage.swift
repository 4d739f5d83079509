#if canImport(Glibc)
import Glibc
#endif

/// How much disk a log takes: what a status page shows.
public struct LogStorage: Sendable, Equatable {
    /// Segment files.
    public var segments: Int
    /// Bytes in all segment files (a torn tail a writer will cut off included), the last one
    /// up to its data end: the zeros a running writer keeps ahead of its data are not counted.
    public var bytes: UInt64
}

extension LogReader {
    /// The segments of the log and their total size, measured now (one `open` and `fstat` per
    /// segment; the segment list is the reader's snapshot), the last segment without its
    /// padding (`SegmentPadding.readableEnd`).
    /// - Throws: `LogError.io` naming the segment that cannot be opened or measured.
    public func storage() throws -> LogStorage {
        var bytes: UInt64 = 0
        for (index, segment) in layout.segments.enumerated() {
            let file = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? file.close() }
            var size = try LogError.io(segment.path, "cannot measure segment") { try file.descriptor.size() }
            if index == layout.segments.count - 1 { size = try SegmentPadding.readableEnd(of: file, segment: segment, size: size) }
            bytes += UInt64(size)
        }
        return LogStorage(segments: layout.segments.count, bytes: bytes)
    }
}

extension LogReader {
    /// The first seq of the segment that holds record `seq` (the last segment starting at or
    /// before it), for a `RecordLocation` made from a seq and a byte offset; nil when `seq` is
    /// not in the reader's snapshot. - Complexity: O(log segments).
    package func segmentFirstSeq(containing seq: UInt64) -> UInt64? {
        guard seq > 0, seq <= lastSeq, let first = layout.segments.first, first.firstSeq <= seq else { return nil }
        var lo = 0, hi = layout.segments.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if layout.segments[mid].firstSeq <= seq { lo = mid } else { hi = mid }
        }
        return layout.segments[lo].firstSeq
    }
}
