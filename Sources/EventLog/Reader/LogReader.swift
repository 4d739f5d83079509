#if canImport(Glibc)
import Glibc
#endif

/// Reads a log without the lock, alongside a live writer.
///
/// A reader is a snapshot: `lastSeq` is fixed at init, and reads never go past it. It only ever
/// reads complete, newline-terminated lines, so it never sees a half-written record; the
/// unterminated tail a writer may be in the middle of is ignored.
public struct LogReader {
    public let directory: String
    /// The last seq in the log when this reader was made (0 when empty).
    public let lastSeq: UInt64
    var layout: LogLayout

    /// Snapshots the log in `directory`: lists segments, finds the last complete record, loads
    /// the time index (ignored if missing or damaged: reads are then slower, never wrong).
    public init(directory: String) throws {
        self.directory = directory
        let segments = try SegmentDirectory.list(directory)
        let last = try LogReader.findLastRecord(segments)
        lastSeq = last.seq
        layout = LogLayout(directory: directory, segments: segments,
                           timeEntries: TimeIndex.loadForReading(directory, segments: segments, lastSeq: lastSeq),
                           lastSegmentEnd: last.end)
    }

    /// Files beside the segments that resemble segments but are ignored (dotfiles, editors'
    /// swap and backup files such as `.00000000000000000001.jsonl.swp`), for a warning.
    public var ignoredFiles: [String] { SegmentDirectory.ignoredNames(directory) }

    /// `ignoredFiles` of the log in `directory`, without opening it.
    public static func ignoredFiles(in directory: String) -> [String] { SegmentDirectory.ignoredNames(directory) }

    /// Calls `body` with each record from seq `from` through `through` (default: `lastSeq`),
    /// in order. Starts near `from` using the time index. The view is valid only during the call.
    ///
    /// Throws a `LogError` at the first record that fails its checksum (when `verifyChecksums`),
    /// its envelope or seq continuity.
    ///
    /// - Complexity: O(bytes read); reads 8 MiB at a time and allocates nothing per record.
    public func scan(from: UInt64 = 1, through: UInt64? = nil, verifyChecksums: Bool = true,
                     _ body: (RecordView) throws -> Void) throws {
        let end = min(through ?? lastSeq, lastSeq)
        try layout.walk(from: from, through: end, verifyChecksums: verifyChecksums) { view in
            try body(view)
            return true
        }
    }

    /// The seq of the last record of the last segment that is complete and passes its checksum,
    /// and the offset just past it (nil when the log has no segment). The padding a running
    /// writer keeps after its data (`SegmentPadding`) is skipped first, so the record is found
    /// where it ends, not a padding's length before the file's end.
    static func findLastRecord(_ segments: [Segment]) throws -> (seq: UInt64, end: Int?) {
        guard let last = segments.last else { return (0, nil) }
        let file = try OwnedFile.open(last.path, O_RDONLY)
        defer { try? file.close() }
        let size = try LogError.io(last.path, "cannot read segment") { try file.descriptor.size() }
        let dataEnd = try SegmentPadding.readableEnd(of: file, segment: last, size: size)
        if let found = try lastLine(file, size: dataEnd, window: 64 << 10) { return found }
        // The end is not a clean record (a torn tail): read the segment forward.
        let walk = try SegmentWalk.run(last, file: file, from: 0, end: dataEnd, expectedSeq: last.firstSeq,
                                       buffer: ChunkBuffer(capacity: 1 << 20)) { _ in true }
        return (walk.nextSeq - 1, walk.validEnd)
    }

    /// The seq of the segment's last complete line if it is a valid record, and where it ends; nil otherwise.
    private static func lastLine(_ file: OwnedFile, size: Int, window: Int) throws -> (seq: UInt64, end: Int)? {
        var window = window
        while true {
            let start = max(0, size - window)
            var bytes = [UInt8](repeating: 0, count: size - start)
            let n = try LogError.io(file.path, "cannot read segment") {
                try bytes.withUnsafeMutableBytes { try file.descriptor.readFully(into: $0, at: start) }
            }
            bytes.removeLast(bytes.count - n)
            guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                if start == 0 { return nil }
                window *= 4
                continue
            }
            let lineStart: Int
            if let previous = bytes[..<lastNewline].lastIndex(of: 0x0A) {
                lineStart = previous + 1
            } else {
                if start > 0 { window *= 4; continue }
                lineStart = 0
            }
            return parseSeq(bytes[lineStart..<lastNewline]).map { ($0, start + lastNewline + 1) }
        }
    }

    private static func parseSeq(_ line: ArraySlice<UInt8>) -> UInt64? {
        line.withUnsafeBufferPointer { try? RecordParser.parse($0, verifyChecksum: true).seq }
    }
}

extension LogReader {
    /// About how many bytes of segment files hold seqs 1 through `seq`: the whole size of every
    /// segment before the one holding `seq`, and of that one the share its seqs up to `seq` make
    /// of its seqs. For sizing (tables, progress) without parsing segment names elsewhere.
    ///
    /// - Complexity: one `stat` per segment up to the one holding `seq`.
    public func approximateBytes(through seq: UInt64) -> Int {
        approximateBytesThrough(seq)
    }

    /// How many segments the log has, as of this snapshot.
    public var segmentCount: Int { layout.segments.count }

    /// The seqs stored in the segment whose first seq is `firstSeq`, as of this snapshot; nil
    /// when the log has no such segment. For a reader that knows which segments hold the records
    /// it wants (the server's image facts) and reads only those.
    public func seqs(ofSegment firstSeq: UInt64) -> ClosedRange<UInt64>? {
        let segments = layout.segments
        guard let i = segments.firstIndex(where: { $0.firstSeq == firstSeq }), firstSeq <= lastSeq else { return nil }
        let next = i + 1 < segments.count ? segments[i + 1].firstSeq : lastSeq + 1
        return next > firstSeq ? firstSeq...(next - 1) : nil
    }

    private func approximateBytesThrough(_ seq: UInt64) -> Int {
        let seq = min(seq, lastSeq)
        guard seq > 0 else { return 0 }
        let segments = layout.segments
        var bytes = 0
        for (i, segment) in segments.enumerated() where segment.firstSeq <= seq {
            // The last segment's size as of the snapshot: without a running writer's padding.
            let size = i == segments.count - 1 ? layout.lastSegmentEnd ?? 0 : (try? PathOps.statusFollowingLinks(segment.path))??.size ?? 0
            let next = i + 1 < segments.count ? segments[i + 1].firstSeq : lastSeq + 1
            if next > seq + 1, next > segment.firstSeq {
                bytes += Int(Double(size) * Double(seq + 1 - segment.firstSeq) / Double(next - segment.firstSeq))
            } else {
                bytes += size
            }
        }
        return bytes
    }
}
