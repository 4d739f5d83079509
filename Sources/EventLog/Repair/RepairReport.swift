/// What `repairLog` found and did.
///
/// Nothing is ever deleted: every file repair takes out of the log is moved into
/// `damagedDirectory`, so a person can still look at (or restore) the bytes. Every record that
/// passes its checksum stays in the log at its seq; each damaged or missing seq is healed from
/// the backup (when one is given and holds it) or holds a repair marker (`RepairMarker`).
public struct RepairReport: Sendable, Equatable {
    /// The first problem found, as `verifyLog` would report it; nil when the log was sound
    /// (then nothing was changed).
    public var problem: String?
    /// Where the moved files went (`DIR/damaged/<UTC time>`); nil when nothing was moved.
    public var damagedDirectory: String?
    /// File names moved there, in the order they were moved.
    public var movedAside: [String] = []
    /// When the only change to a segment was cutting its end (a torn tail, or damaged last
    /// lines healed nowhere): that segment, and how many of its bytes were kept.
    public var truncatedSegment: String?
    public var keptBytes: Int = 0
    /// The last seq in the log after the repair (every seq up to it holds a record: intact,
    /// healed, or a repair marker).
    public var lastSeq: UInt64 = 0
    /// The seqs whose records are lost: each holds a repair marker now. Empty when none.
    public var markedSeqs: [UInt64] = []
    /// The seqs whose damaged records were healed from the backup (same seq, same bytes,
    /// checksum verified).
    public var healedSeqs: [UInt64] = []
    /// Intact records that could not stay because their seq does not fit where they are (a seq
    /// repeated or going backwards); they are in the moved files. Normally 0.
    public var intactMovedAside: Int = 0
    /// Bytes of an unterminated tail cut from the last segment (an append that never completed,
    /// never acknowledged: no record is lost by it).
    public var tornBytes: Int = 0

    public init() {}

    /// The span of the lost seqs, first to last (they may have gaps: see `markedSeqs`); nil
    /// when no record was lost.
    public var lostSeqs: ClosedRange<UInt64>? {
        guard let first = markedSeqs.first, let last = markedSeqs.last else { return nil }
        return first...last
    }

    /// The lost seqs in words: `seq 9-40 (32 records)`, `seq 5, 9-10 (3 records)`,
    /// `seq 9 (1 record)` or `no records`.
    public var lostDescription: String { Self.describe(markedSeqs) }

    /// Seqs in words, as ranges: `seq 5, 9-10 (3 records)`; `no records` when empty.
    public static func describe(_ seqs: [UInt64]) -> String {
        guard !seqs.isEmpty else { return "no records" }
        let parts = ranges(seqs).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
        return "seq \(parts.joined(separator: ", ")) (\(seqs.count) record\(seqs.count == 1 ? "" : "s"))"
    }

    /// Ascending `seqs` as runs of consecutive seqs: `[5, 9, 10]` gives `[5...5, 9...10]`.
    public static func ranges(_ seqs: [UInt64]) -> [ClosedRange<UInt64>] {
        guard let first = seqs.first else { return [] }
        var out: [ClosedRange<UInt64>] = []
        var start = first, previous = first
        for seq in seqs.dropFirst() {
            if seq == previous &+ 1 { previous = seq; continue }
            out.append(start...previous)
            start = seq; previous = seq
        }
        out.append(start...previous)
        return out
    }
}
