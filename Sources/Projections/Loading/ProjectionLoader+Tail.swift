import EventLog
import SampleDomain

/// What a tail fold tells its caller about each record it folds, so state kept beside the
/// projections (tags, the report's timeline) follows the same records in the same order.
///
/// `record` is called with every record before it is folded, and may throw to stop the fold
/// there (nothing of that record applied); `event` is called with each sample event's
/// `occurred_at` after it was applied, with the projections as they now are.
struct TailVisitor {
    var record: (RecordView) throws -> Void = { _ in }
    var event: (Timestamp, ProjectionSet) -> Void = { _, _ in }

    /// Visits nothing.
    static var none: TailVisitor { TailVisitor() }
}

extension ProjectionLoader {
    /// Folds the records after `projections.lastSeq` through `through` into `projections`.
    ///
    /// A set loaded from a checkpoint knows where its last record is stored (the checkpoint's
    /// anchor), so the records right after it are read one by one from there
    /// (`RecordFetcher`: one `pread` and a checksum each) for as long as they stay in the anchor's
    /// segment. The log's own scan would start at the segment's first record (the time index
    /// holds one entry a segment) and read up to 64 MB to reach them. Anything unusual — the end
    /// of the segment, a record that does not parse or is not the next seq — hands over to
    /// `LogReader.scan` from the next seq, which reads on, or reports the error exactly as a
    /// cold fold would.
    /// - Complexity: O(tail records) reads within the anchor's segment; O(bytes) after it.
    static func foldTail(_ reader: LogReader, through: UInt64, into projections: inout ProjectionSet,
                         visitor: TailVisitor = .none) throws {
        try foldTail(through: through, into: &projections, visitor: visitor) { reader }
    }

    /// `foldTail`, making the reader only when the anchor's segment does not hold every record
    /// through `through` (so a catch-up by a few records lists no directory and reads no index).
    ///
    /// - Parameter committed: the lines the writer of this process just wrote
    ///   (`LogWriter.lastCommit`): when they are the records right after `projections.lastSeq`,
    ///   they are folded from memory, and nothing is read (`foldCommitted`).
    static func foldTail(through: UInt64, into projections: inout ProjectionSet, visitor: TailVisitor = .none,
                         committed: CommittedLines? = nil, reader: () throws -> LogReader) throws {
        if let committed {
            foldCommitted(committed, through: through, into: &projections, visitor: visitor)
        }
        if projections.lastSeq < through, let anchor = projections.lastLocation, let fetcher = projections.rowSource {
            foldWithinSegment(fetcher, after: anchor, through: through, into: &projections, visitor: visitor)
        }
        if projections.lastSeq < through {
            let reader = try reader()
            try fold(reader, from: projections.lastSeq + 1, through: min(through, reader.lastSeq), into: &projections, visitor: visitor)
        }
    }

    /// Folds the lines of `committed` that continue `projections` (the first must be the record
    /// after `projections.lastSeq`), through `through`, stopping quietly at the first one it
    /// cannot use: the log's own reads then take over from there and report what is wrong. Only
    /// for a set whose rows read their wide columns from the log (`rowSource`).
    private static func foldCommitted(_ committed: CommittedLines, through: UInt64, into projections: inout ProjectionSet,
                                      visitor: TailVisitor) {
        guard committed.firstSeq == projections.lastSeq + 1, projections.rowSource != nil else { return }
        var text: [UInt8] = []
        try? committed.forEach { view in
            guard view.seq == projections.lastSeq + 1, view.seq <= through else { return false }
            // A sample event's facts, as a rebuild folds them (no string per wide column);
            // image events, which the image facts keep whole, and tag records as a read does.
            text.removeAll(keepingCapacity: true)
            if let facts = try PayloadCodec.decodeFacts(record: view, text: &text),
               facts.type != .imageFetched, facts.type != .imageFetchFailed {
                try visitor.record(view)
                text.withUnsafeBufferPointer { projections.apply(facts, text: $0, seq: view.seq, at: view.location) }
                visitor.event(facts.occurredAt, projections)
                return true
            }
            try foldRecord(view, into: &projections, visitor: visitor)
            return true
        }
    }

    /// Folds records stored after `anchor` in its segment, stopping quietly at the first one it
    /// cannot use (the log's scan then reads it again and reports what is wrong).
    private static func foldWithinSegment(_ fetcher: RecordFetcher, after anchor: RecordLocation, through: UInt64,
                                          into projections: inout ProjectionSet, visitor: TailVisitor) {
        let anchorSeq = projections.lastSeq
        guard let anchorLength = try? fetcher.withRecord(at: anchor, { view -> Int? in
            view.seq == anchorSeq ? view.line.count + 1 : nil
        }) else { return }
        var offset = anchor.byteOffset + anchorLength
        while projections.lastSeq < through {
            let expected = projections.lastSeq + 1
            let location = RecordLocation(segmentFirstSeq: anchor.segmentFirstSeq, byteOffset: offset)
            let step = try? fetcher.withRecord(at: location) { view -> (length: Int, event: SampleEvent?, tag: TagIndex.Entry?)? in
                guard view.seq == expected else { return nil }
                let event = try PayloadCodec.decodeSampleEvent(record: view)
                try visitor.record(view)
                return (view.line.count + 1, event, event == nil ? TagIndex.entry(of: view) : nil)
            }
            guard let step = step ?? nil else { return }
            if let event = step.event {
                projections.apply(event, seq: expected, at: location)
                visitor.event(event.occurredAt, projections)
            } else {
                if let tag = step.tag { projections.fold(tag: tag) }
                projections.skip(seq: expected, at: location)
            }
            offset += step.length
        }
    }
}
