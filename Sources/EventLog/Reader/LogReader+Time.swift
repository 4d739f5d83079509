extension LogReader {
    /// The seq of the last record with `recorded_at <= time`; nil if every record is later (or
    /// the log is empty).
    ///
    /// `recorded_at` never decreases, so this bisects the sparse time index for the last entry
    /// at or before `time`, then scans forward from it until a later record.
    ///
    /// - Complexity: O(log entries) plus about 64 KiB read, with an intact index.
    public func seq(atOrBefore time: Timestamp) throws -> UInt64? {
        guard lastSeq > 0 else { return nil }
        let entries = layout.timeEntries
        var lo = 0, hi = entries.count  // first entry later than `time`
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].micros <= time.microseconds { lo = mid + 1 } else { hi = mid }
        }
        let from: UInt64
        if lo > 0 {
            from = entries[lo - 1].seq
        } else if let first = entries.first, first.seq == 1 {
            return nil  // the first record is already later
        } else {
            from = 1
        }
        var found: UInt64?
        try layout.walk(from: from, through: lastSeq, buffer: ChunkBuffer(capacity: 256 << 10)) { view in
            guard view.recordedAt <= time else { return false }
            found = view.seq
            return true
        }
        return found
    }

    /// The `recorded_at` of the last record; nil for an empty log.
    public func lastRecordedAt() throws -> Timestamp? {
        guard lastSeq > 0 else { return nil }
        var time: Timestamp?
        try layout.walk(from: lastSeq, through: lastSeq, buffer: ChunkBuffer(capacity: 128 << 10)) { view in
            time = view.recordedAt
            return false
        }
        return time
    }
}
