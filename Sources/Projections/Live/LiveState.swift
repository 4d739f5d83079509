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
/// The tags (`tag.set` records) and the image facts (`ImageLedger`, with its index of who shares
/// which bytes) are kept beside the projections, from the same records: the tags come with the
/// projections (folded with them, carried by checkpoints); the image facts are read at load from
/// the segments that hold image events (the projections know which), decoding only those records. The report's
/// timeline is the projections' own (`ProjectionSet.timeline`), kept current from then on.
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
    /// The image facts through the projections' seq.
    private var images: ImageLedger

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
        // The image facts in full (the desk's crops, its same-bytes index and checks) come from
        // one scan that decodes only image records, made only when the fold met image events.
        self.images = try Self.loadImages(reader, outcome.projections.images)
    }

    private static let imageTypePrefix = Array("image.".utf8)

    /// The image facts of `reader`'s log in full, reading only the segments `digest` says hold
    /// image events, in seq order — or every segment on two threads when it does not know, or
    /// when they are more than half of them (one thread reading most of the log is slower).
    private static func loadImages(_ reader: LogReader, _ digest: ImageDigest) throws -> ImageLedger {
        var images = ImageLedger()
        guard digest.events > 0 else { return images }
        let ranges = digest.unplaced ? nil : digest.segments.sorted().map { reader.seqs(ofSegment: $0) }
        guard let ranges, ranges.allSatisfy({ $0 != nil }), ranges.count * 2 <= reader.segmentCount else {
            _ = try TagIndex.load(reader, through: reader.lastSeq, other: { record -> SampleEvent? in
                record.type.starts(with: imageTypePrefix) ? try PayloadCodec.decode(record: record) : nil
            }, consume: { images.apply($0) })
            return images
        }
        for case let range? in ranges {
            try reader.scan(from: range.lowerBound, through: min(range.upperBound, reader.lastSeq)) { record in
                if record.type.starts(with: imageTypePrefix) { images.apply(try PayloadCodec.decode(record: record)) }
            }
        }
        return images
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
        lock.lock()
        defer { lock.unlock() }
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
        var images = self.images
        self.tags = TagIndex()
        self.timeline = nil
        self.images = ImageLedger()
        defer {
            self.tags = tags
            self.timeline = timeline
            self.images = images
        }
        let visitor = TailVisitor(
            record: { view in try tags.apply(view) },
            event: { event, after in
                timeline?.observe(occurredAt: event.occurredAt, after: after)
                images.apply(event)
            })
        let directory = directory
        try ProjectionLoader.foldTail(through: target, into: &projections, visitor: visitor) {
            try made ?? LogReader(directory: directory)
        }
        return projections.lastSeq
    }

    /// The state as it is now (without a catch-up).
    public func snapshot() -> LiveSnapshot {
        lock.withLock { LiveSnapshot(projections: projections, tags: tags, timeline: timeline, images: images) }
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
        return LiveSnapshot(projections: projections, tags: tags, timeline: timeline, images: images)
    }
}
