/// One sparse time index entry: where a record starts, and its time.
struct TimeIndexEntry: Equatable, Sendable {
    var seq: UInt64
    var micros: Int64
    var segmentFirstSeq: UInt64
    var offset: UInt64
}

/// The sparse time index, `DIR/index/time.idx`: 32-byte entries (seq, recorded_at micros,
/// segment first seq, byte offset; little-endian) for the first record of every segment and
/// then the first record at least `spacing` bytes after the previous entry.
///
/// Because `recorded_at` never decreases, `seq(atOrBefore:)` bisects the entries and then scans
/// at most about `spacing` bytes; `scan(from:)` starts at the nearest entry instead of the
/// segment's start.
enum TimeIndex {
    /// `TSLTIME2`: the header names the log and prefix covered (`TSLTIME1`, without them, is
    /// rebuilt by the next writer and ignored by readers).
    static let magic: StaticString = "TSLTIME2"
    static let entrySize = 32
    static let spacing: UInt64 = 64 << 10

    static func path(_ directory: String) -> String { SegmentDirectory.indexDirectory(directory) + "/time.idx" }

    /// Whether the record at `offset` of segment `segmentFirstSeq` gets an entry, given the last one.
    static func wants(after previous: TimeIndexEntry?, segmentFirstSeq: UInt64, offset: UInt64) -> Bool {
        guard let previous else { return true }
        return previous.segmentFirstSeq != segmentFirstSeq || offset >= previous.offset + spacing
    }

    static func encode(_ e: TimeIndexEntry, into out: inout [UInt8]) {
        out.appendLE(e.seq)
        out.appendLE(UInt64(bitPattern: e.micros))
        out.appendLE(e.segmentFirstSeq)
        out.appendLE(e.offset)
    }

    static func decode(_ bytes: [UInt8]) -> [TimeIndexEntry] {
        stride(from: 0, to: bytes.count, by: entrySize).map { at in
            TimeIndexEntry(seq: bytes.loadLE(at), micros: Int64(bitPattern: bytes.loadLE(at + 8)),
                           segmentFirstSeq: bytes.loadLE(at + 16), offset: bytes.loadLE(at + 24))
        }
    }

    /// Why `entries` cannot describe a log with these segments and last seq; nil when they can.
    static func problem(_ entries: [TimeIndexEntry], covered: UInt64, segments: [Segment], lastSeq: UInt64) -> String? {
        if covered > lastSeq { return "covers seq \(covered) but the log ends at \(lastSeq)" }
        var segmentIndex = 0
        var previous: TimeIndexEntry?
        for e in entries {
            if let p = previous, e.seq <= p.seq || e.micros < p.micros || e.segmentFirstSeq < p.segmentFirstSeq {
                return "entries out of order at seq \(e.seq)"
            }
            if e.seq > covered { return "entry for seq \(e.seq) beyond covered seq \(covered)" }
            while segmentIndex < segments.count, segments[segmentIndex].firstSeq < e.segmentFirstSeq { segmentIndex += 1 }
            guard segmentIndex < segments.count, segments[segmentIndex].firstSeq == e.segmentFirstSeq, e.seq >= e.segmentFirstSeq,
                  segmentIndex + 1 == segments.count || e.seq < segments[segmentIndex + 1].firstSeq else {
                return "entry for seq \(e.seq) names no segment that holds it"
            }
            previous = e
        }
        return nil
    }

    /// The entries a reader can trust for a log ending at `lastSeq`; empty if the index is
    /// missing, damaged or not this log's (another log id, a prefix the log does not hold: a
    /// copy from another log or a replayed copy, an earlier life of this log). Reads then start
    /// at segment starts: slower, still correct.
    static func loadForReading(_ directory: String, segments: [Segment], lastSeq: UInt64) -> [TimeIndexEntry] {
        guard case .loaded(let loaded) = IndexFile.load(path: path(directory), magic: magic, entrySize: entrySize),
              loaded.header.prefix.isHeld(by: LogID.load(directory), segments: segments) else { return [] }
        var entries = decode(loaded.entries)
        entries.removeAll { $0.seq > lastSeq }
        let covered = min(loaded.header.covered, lastSeq)
        return problem(entries, covered: covered, segments: segments, lastSeq: lastSeq) == nil ? entries : []
    }
}
