import EventLog
import SampleDomain

/// The records a repair lost: the seqs holding a repair marker (`log.lost`, `RepairMarker`).
///
/// Every output that summarises the log (`project stats`, `tslog report`, `verify`) says how
/// many records were lost, since every figure it shows may be missing what they held.
public enum LostRecords {
    /// The seqs of the repair markers in `reader`'s log through `end`, ascending: those the
    /// per-sample index names (`SampleSeqFile.lostID`) when it can be believed, then those found
    /// by scanning the records after the prefix it covers (the whole log without it).
    ///
    /// - Complexity: the index's entries for the markers plus O(records after its prefix);
    ///   O(log) when it is missing or cannot be believed.
    public static func seqs(in reader: LogReader, through end: UInt64) throws -> [UInt64] {
        let end = min(end, reader.lastSeq)
        var seqs: [UInt64] = []
        var from: UInt64 = 1
        if let indexed = SampleSeqFile.locate(SampleSeqFile.lostID, in: reader) {
            seqs = indexed.records.map(\.seq).filter { $0 <= end }
            from = indexed.coveredSeq + 1
        }
        guard from <= end else { return seqs }
        try reader.scan(from: from, through: end) { record in
            if RepairMarker.isMarker(record) { seqs.append(record.seq) }
        }
        return seqs
    }

    /// `seqs` as a result table, one row per run of consecutive lost seqs: `from_seq`,
    /// `through_seq`, `records`. Nil when nothing was lost (outputs then read as before).
    public static func table(_ seqs: [UInt64]) -> ResultTable? {
        guard !seqs.isEmpty else { return nil }
        return ResultTable(columns: ["from_seq", "through_seq", "records"], rows: RepairReport.ranges(seqs).map {
            [.int(Int64($0.lowerBound)), .int(Int64($0.upperBound)), .int(Int64($0.count))]
        })
    }
}
