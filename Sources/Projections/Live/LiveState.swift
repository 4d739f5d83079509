import EventLog
import Foundation
import SampleDomain

/// The projections of a log kept current in memory, for a server that answers many reads while
/// the log grows: no request folds the log again.
///
/// It is loaded once (from the newest checkpoint plus the records after it, as the CLI's reads
/// are), then `catchUp()` folds only the records appended since its last seq — call it after
/// each commit, and before a read that must see everything committed. Reads take a `snapshot()`:
/// a consistent value at one seq that later catch-ups do not touch.
///
/// The tags (`tag.set` records), the image facts (`ImageDigest`: each sample's last fetch, who
/// shares which bytes, the mismatches) and the report's timeline are folded with the projections
/// from the same records and carried by checkpoints: nothing is read at load beyond the fold, and
/// a snapshot's `images` is a view of the projections' own (no second copy).
///
/// Thread-safe: one lock orders catch-ups and snapshots.
public final class LiveState: @unchecked Sendable {
    /// The log directory.
    public let directory: String
    // Guarded by `lock`:
    private let lock = NSLock()
    private var projections: ProjectionSet
    private var tags: TagIndex
    private var timeline: ReportTimeline?

    /// Loads the log at `directory` through its last record.
    ///
    /// - Parameters:
    ///   - checkpoints: where to start from and save to, as `ProjectionLoader.load` does; nil folds
    ///     the whole log.
    ///   - checkpointAfter: a fold that replayed at least this many records saves a checkpoint.
    /// - Throws: what reading the log throws (a missing directory, a corrupt record).
    public init(directory: String, checkpoints: CheckpointStore? = nil, checkpointAfter: UInt64 = 100_000) throws {
        self.directory = directory
        let reader = try LogReader(directory: directory)
        let outcome = try ProjectionLoader.load(reader, through: reader.lastSeq, checkpoints: checkpoints)
        if let checkpoints {
            ProjectionLoader.saveCheckpoint(outcome, to: checkpoints, minimumReplay: checkpointAfter)
        }
        projections = outcome.projections
        // The tags are folded with the projections (a checkpoint carries them): no scan.
        tags = try outcome.projections.tags()
    }

    /// The seq the state has folded through.
    public var seq: UInt64 {
        lock.withLock { projections.lastSeq }
    }

    /// Folds the records appended since the last catch-up; returns the seq now folded through.
    ///
    /// Reads from where the last record folded is stored, so a catch-up costs what was appended,
    /// not the size of the log. A record that cannot be read stops the catch-up there and is
    /// thrown; the state stays consistent at the record before it.
    ///
    /// - Parameter through: the log's last seq when the caller knows it (the server's writer,
    ///   after a commit): then records are read straight from where the last one folded ends,
    ///   and the log's directory is listed (a `LogReader` made) only when they continue in a
    ///   newer segment. Nil: a `LogReader` finds the last seq.
    /// - Complexity: O(records appended since the last catch-up).
    @discardableResult
    public func catchUp(through known: UInt64? = nil) throws -> UInt64 {
        try catchUp(through: known, committed: nil)
    }

    /// `catchUp(through:)` after a commit of this process's writer: `committed`
    /// (`LogWriter.lastCommit`), when it holds the records right after the last one folded, is
    /// folded from memory — no read of the log at all; anything else is read as usual.
    ///
    /// `first` runs before the fold, with reads held back until the fold is done: a server
    /// answers the commit's requests there, so the answers leave without waiting for the fold,
    /// and a read that a client sends after its answer still sees its events. It runs even
    /// when the fold then fails.
    @discardableResult
    package func catchUp(through known: UInt64?, committed: CommittedLines?, first: () -> Void = {}) throws -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        first()
        let target: UInt64
        var made: LogReader?
        if let known {
            target = known
        } else {
            let reader = try LogReader(directory: directory)
            made = reader
            target = reader.lastSeq
        }
        guard target > projections.lastSeq else { return projections.lastSeq }
        // Moved out while folding so that each is uniquely referenced and changes in place.
        var tags = self.tags
        var timeline = self.timeline
        self.tags = TagIndex()
        self.timeline = nil
        defer {
            self.tags = tags
            self.timeline = timeline
        }
        let visitor = TailVisitor(
            record: { view in try tags.apply(view) },
            event: { occurredAt, after in
                timeline?.observe(occurredAt: occurredAt, after: after)
            })
        let directory = directory
        try ProjectionLoader.foldTail(through: target, into: &projections, visitor: visitor, committed: committed) {
            try made ?? LogReader(directory: directory)
        }
        return projections.lastSeq
    }

    /// The state as it is now (without a catch-up).
    public func snapshot() -> LiveSnapshot {
        lock.withLock { LiveSnapshot(projections: projections, tags: tags, timeline: timeline, images: ImageLedger(projections.images)) }
    }

    /// The state as it is now, with the report's timeline: the first call folds the log once to
    /// build it (`ReportTimeline.fold`); later catch-ups keep it current.
    public func reportSnapshot() throws -> LiveSnapshot {
        lock.lock()
        defer { lock.unlock() }
        if timeline == nil {
            // Folded with the projections since the first record (a checkpoint carries it).
            timeline = projections.timeline
        }
        return LiveSnapshot(projections: projections, tags: tags, timeline: timeline, images: ImageLedger(projections.images))
    }
}
