#if canImport(Glibc)
import Glibc
#endif

/// The segments of a log plus the sparse time index entries that let a read start near a seq.
/// Shared by `LogReader` (a snapshot) and `LogWriter` (kept current).
struct LogLayout {
    let directory: String
    var segments: [Segment]
    /// Sorted by seq; only entries that point into `segments`.
    var timeEntries: [TimeIndexEntry]
    /// Where a reader's snapshot of the last segment ends (just past its last record), so that
    /// a walk never reads the padding or a write in progress after it; nil reads to the end of
    /// the file (the writer's own layout, whose walks stop at its last record).
    var lastSegmentEnd: Int?

    init(directory: String, segments: [Segment], timeEntries: [TimeIndexEntry], lastSegmentEnd: Int? = nil) {
        self.directory = directory
        self.segments = segments
        self.timeEntries = timeEntries
        self.lastSegmentEnd = lastSegmentEnd
    }

    /// Where reading seq `seq` should start: the segment holding it and the nearest indexed
    /// record at or before it in that segment (else the segment's start).
    ///
    /// - Complexity: O(log segments + log entries).
    func start(for seq: UInt64) -> (segment: Int, offset: Int, expectedSeq: UInt64)? {
        guard !segments.isEmpty else { return nil }
        var lo = 0, hi = segments.count  // last segment with firstSeq <= seq
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if segments[mid].firstSeq <= seq { lo = mid } else { hi = mid }
        }
        let segment = segments[lo]
        if let entry = lastEntry(atOrBefore: seq), entry.segmentFirstSeq == segment.firstSeq {
            return (lo, Int(entry.offset), entry.seq)
        }
        return (lo, 0, segment.firstSeq)
    }

    /// The last time index entry with `seq <= seq`.
    func lastEntry(atOrBefore seq: UInt64) -> TimeIndexEntry? {
        var lo = 0, hi = timeEntries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timeEntries[mid].seq <= seq { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : timeEntries[lo - 1]
    }

    /// Calls `body` for each record `from...through` in order until it returns false.
    /// Throws a `LogError` naming the place of any bad record or gap met on the way.
    func walk(from: UInt64, through: UInt64, verifyChecksums: Bool = true, buffer: ChunkBuffer = ChunkBuffer(),
              _ body: (RecordView) throws -> Bool) throws {
        let from = max(from, 1)
        guard from <= through, var position = start(for: from) else { return }
        var index = position.segment
        while index < segments.count {
            let segment = segments[index]
            let file = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? file.close() }
            var finished = false
            let visit: (RecordView) throws -> Bool = { view in
                if view.seq < from { return true }
                if try !body(view) || view.seq >= through { finished = true; return false }
                return true
            }
            let end = index == segments.count - 1 ? lastSegmentEnd : nil
            var result = try SegmentWalk.run(segment, file: file, from: position.offset, end: end, expectedSeq: position.expectedSeq,
                                             verifyChecksums: verifyChecksums, buffer: buffer, visit)
            if let bad = result.bad, bad.offset == position.offset, position.offset > 0 {
                // The index pointed at something else (stale index): read the segment from its start.
                result = try SegmentWalk.run(segment, file: file, from: 0, end: end, expectedSeq: segment.firstSeq,
                                             verifyChecksums: verifyChecksums, buffer: buffer, visit)
            }
            if finished { return }
            if let bad = result.bad { throw bad.error(sealed: index + 1 < segments.count) }
            if index + 1 < segments.count {
                let next = segments[index + 1]
                guard next.firstSeq == result.nextSeq else { throw LogLayout.gap(next, expected: result.nextSeq) }
            } else if result.nextSeq <= through {
                throw LogError(.gap, "the log ends at seq \(result.nextSeq - 1), before seq \(through)",
                               segment: segment.name, byteOffset: result.validEnd, seq: result.nextSeq)
            }
            index += 1
            position = (index, 0, result.nextSeq)
        }
    }

    static func gap(_ segment: Segment, expected: UInt64) -> LogError {
        LogError(.gap, "segment \(segment.name) starts at seq \(segment.firstSeq) but the previous segment ends at seq \(expected - 1)"
                    + segment.misnamedNote(expected: expected),
                 segment: segment.name, byteOffset: 0, line: 1, seq: expected)
    }
}
