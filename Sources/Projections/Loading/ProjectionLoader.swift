import EventLog
import SampleDomain

/// Builds projections by folding the log, starting from a checkpoint when one can be trusted.
public enum ProjectionLoader {
    /// Threads the CLI reads the log with: the folding thread, which decodes whenever the next
    /// chunk is not ready, and one worker. Two: the machines tslog targets have two cores, and a
    /// third thread would only compete with these for them.
    public static let decodeThreads = 2

    /// Folds every event from the start of the log through `seq` into a fresh `ProjectionSet`,
    /// checksums verified, decoding on `decodeThreads` threads (`ProjectionSet.rebuild`).
    /// Tag records (`tag.…`) are skipped.
    /// - Complexity: O(bytes through `seq`).
    public static func load(_ reader: LogReader, through seq: UInt64) throws -> ProjectionSet {
        try ProjectionSet.rebuild(from: reader, through: seq, threads: decodeThreads)
    }

    /// What `load(_:through:checkpoints:)` did.
    public struct Outcome: Sendable {
        public var projections: ProjectionSet
        /// The seq of the checkpoint the fold started from; 0 when it folded the whole log.
        public var checkpointSeq: UInt64
        /// How many records were folded (after the checkpoint, if any).
        public var replayed: UInt64
    }

    /// The projections through `seq`: from the newest valid checkpoint at or before `seq` in
    /// `checkpoints` plus the records after it, or — with no usable checkpoint, or
    /// `checkpoints` nil (`--no-checkpoint`) — by folding the whole log. Either way the state
    /// answers every query exactly as a cold fold would.
    public static func load(_ reader: LogReader, through seq: UInt64, checkpoints: CheckpointStore?) throws -> Outcome {
        if let checkpoints, seq > 0,
           var projections = checkpoints.newestValid(atOrBefore: seq, rowSource: RecordFetcher(directory: reader.directory)) {
            let from = projections.lastSeq
            if from < seq { try foldTail(reader, through: seq, into: &projections) }
            return Outcome(projections: projections, checkpointSeq: from, replayed: seq - from)
        }
        return Outcome(projections: try load(reader, through: seq), checkpointSeq: 0, replayed: seq)
    }

    /// Saves `projections` as a checkpoint when they are worth it: at least `minimumReplay`
    /// records were folded to make them (so the next read of this point is that much cheaper).
    /// Failures (a read-only log directory, a full disk) are swallowed: a checkpoint is only ever
    /// a shortcut. Returns whether one was written.
    @discardableResult
    public static func saveCheckpoint(_ outcome: Outcome, to checkpoints: CheckpointStore, minimumReplay: UInt64) -> Bool {
        guard outcome.replayed >= minimumReplay, let anchor = outcome.projections.lastLocation,
              let source = outcome.projections.rowSource else { return false }
        return (try? checkpoints.write(outcome.projections, anchor: anchor, rowSource: source)) ?? false
    }

    /// The same fold as `load(_:through:)`, one record at a time on the calling thread: the
    /// reference the parallel path is tested against.
    public static func loadSequentially(_ reader: LogReader, through seq: UInt64) throws -> ProjectionSet {
        var projections = ProjectionSet()
        projections.rowSource = RecordFetcher(directory: reader.directory)
        guard seq > 0 else { return projections }
        try fold(reader, from: 1, through: seq, into: &projections)
        return projections
    }

    /// Folds records `from...through` into `projections`, in order on this thread.
    /// `visitor` sees each record before it is folded and each sample event after.
    static func fold(_ reader: LogReader, from: UInt64, through: UInt64, into projections: inout ProjectionSet,
                     visitor: TailVisitor = .none) throws {
        try reader.scan(from: from, through: through) { record in
            try foldRecord(record, into: &projections, visitor: visitor)
        }
    }

    /// Folds one record: a sample event decoded whole, or a tag record (`visitor` sees it first,
    /// and the projections after a sample event).
    static func foldRecord(_ record: RecordView, into projections: inout ProjectionSet, visitor: TailVisitor) throws {
        let event = try PayloadCodec.decodeSampleEvent(record: record)
        try visitor.record(record)
        if let event {
            projections.apply(event, seq: record.seq, at: record.location)
            visitor.event(event.occurredAt, projections)
        } else {
            projections.foldTag(record)
            projections.skip(seq: record.seq, at: record.location)
        }
    }
}
