import EventLog
import SampleDomain

extension DatasetDiff {
    /// Compares the table at valid time `from` with the table at valid time `to`, both as the log
    /// knew them at `seq` (`tslog diff --valid FROM TO`; docs/events.md, "Valid time").
    ///
    /// The state at the earlier time is folded as `--valid-at` folds it; the events of records
    /// 1…`seq` that occurred after it and at or before the later time are then folded on in
    /// valid-time order (`occurred_at`, then seq), noting each event's sample, exactly as
    /// `compute(_:from:to:filter:)` does with the records between two seqs. Both the diff's seqs
    /// are `seq`; its events are listed in seq order.
    /// - Complexity: O(bytes through `seq`) twice (the state, then the events decoded in full),
    ///   plus sorting the events between the two times.
    public static func compute(_ reader: LogReader, through seq: UInt64, validFrom from: Timestamp, validTo to: Timestamp,
                               filter: DiffFilter = DiffFilter()) throws -> DatasetDiff {
        let low = min(from, to), high = max(from, to)
        let early = try ProjectionLoader.load(reader, through: seq, validAt: low)
        var between: [(seq: UInt64, recordedAt: Timestamp, event: SampleEvent, eventID: String?)] = []
        if high > low, seq > 0 {
            try SampleEventReader.forEach(in: reader, through: seq) { n, recordedAt, event, record in
                guard event.occurredAt > low, event.occurredAt <= high else { return }
                between.append((n, recordedAt, event, record.eventID))
            }
        }
        between.sort { ($0.event.occurredAt, $0.seq) < ($1.event.occurredAt, $1.seq) }
        return try compare(early: early, forward: from <= to, diff: DatasetDiff(fromSeq: seq, toSeq: seq, filter: filter)) { visit in
            for e in between { visit(e.seq, e.recordedAt, e.event, e.eventID) }
        }
    }
}
