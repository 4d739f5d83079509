/// What `repairLog` found and did.
///
/// Nothing is ever deleted: every file repair takes out of the log is moved into
/// `damagedDirectory`, so a person can still look at (or restore) the bytes.
public struct RepairReport: Sendable, Equatable {
    /// The first problem found, as `verifyLog` would report it; nil when the log was sound
    /// (then nothing was changed).
    public var problem: String?
    /// Where the moved files went (`DIR/damaged/<UTC time>`); nil when nothing was moved.
    public var damagedDirectory: String?
    /// File names moved there, in the order they were moved.
    public var movedAside: [String] = []
    /// The segment rewritten as a copy of its records before the damage, and its new size.
    public var truncatedSegment: String?
    public var keptBytes: Int = 0
    /// The last seq in the log after the repair (every record up to it is intact and gapless).
    public var lastSeq: UInt64 = 0
    /// The seqs that were in the log (or should have been) and are not any more: from the first
    /// damaged place to the highest seq seen after it. nil when no record was lost (a torn tail
    /// without a newline is an append that never completed, not a lost record).
    public var lostSeqs: ClosedRange<UInt64>?
    /// Of the lost seqs, how many are intact records in the moved files (recoverable by hand).
    public var intactMovedAside: Int = 0

    public init() {}

    /// The lost seqs in words: `seq 9-40 (32 records)`, `seq 9 (1 record)` or `no records`.
    public var lostDescription: String {
        guard let lost = lostSeqs else { return "no records" }
        let n = lost.upperBound - lost.lowerBound + 1
        let seqs = n == 1 ? "seq \(lost.lowerBound)" : "seq \(lost.lowerBound)-\(lost.upperBound)"
        return "\(seqs) (\(n) record\(n == 1 ? "" : "s"))"
    }
}
