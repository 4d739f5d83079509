/// Where the lines of one append go, decided line by line in seq order: which segment each
/// lands in (a segment is sealed when the next line would take it past `maxBytes`; a line is
/// never split, and an empty segment takes a line of any length), and the time-index and
/// event-id-index entries the lines add.
struct AppendPlacement {
    /// A contiguous run of one piece's bytes that goes to one segment.
    struct Run {
        /// The segment this run starts, or nil to continue the one before.
        var newSegment: Segment?
        /// The run's bytes within the piece.
        var bytes: Range<Int>
    }

    private(set) var segment: Segment?
    private(set) var size: Int
    private var lastTimeEntry: TimeIndexEntry?
    private var seq: UInt64
    private let maxBytes: Int
    private let directory: String
    private(set) var timeEntries: [TimeIndexEntry] = []
    private(set) var idEntries: [(hash: UInt64, seq: UInt64)] = []

    /// Starts after `lastSeq`, at `size` bytes into `segment` (nil when the log has none).
    init(segment: Segment?, size: Int, lastTimeEntry: TimeIndexEntry?, lastSeq: UInt64, maxBytes: Int, directory: String) {
        self.segment = segment
        self.size = size
        self.lastTimeEntry = lastTimeEntry
        self.seq = lastSeq
        self.maxBytes = maxBytes
        self.directory = directory
    }

    /// Places the lines of `lines` (the next ones in seq order) and says where their bytes go.
    mutating func place(_ lines: EncodedLines, records: [NewRecord], times: [Timestamp]) -> [Run] {
        var runs: [Run] = []
        var start = 0
        for (k, end) in lines.ends.enumerated() {
            let i = lines.range.lowerBound + k
            let length = end - start
            seq += 1
            if segment == nil || (size > 0 && size + length > maxBytes) {
                let next = Segment(firstSeq: seq, directory: directory)
                segment = next
                size = 0
                runs.append(Run(newSegment: next, bytes: start..<end))
            } else if runs.isEmpty {
                runs.append(Run(newSegment: nil, bytes: start..<end))
            } else {
                runs[runs.count - 1].bytes = runs[runs.count - 1].bytes.lowerBound..<end
            }
            let first = segment?.firstSeq ?? seq  // assigned above
            if TimeIndex.wants(after: lastTimeEntry, segmentFirstSeq: first, offset: UInt64(size)) {
                let entry = TimeIndexEntry(seq: seq, micros: times[i].microseconds, segmentFirstSeq: first, offset: UInt64(size))
                timeEntries.append(entry)
                lastTimeEntry = entry
            }
            if let id = records[i].eventID {
                let escaped = EventIDIndex.escaped(id)
                idEntries.append((escaped.withUnsafeBufferPointer { EventIDIndex.hash($0) }, seq))
            }
            size += length
            start = end
        }
        return runs
    }
}
