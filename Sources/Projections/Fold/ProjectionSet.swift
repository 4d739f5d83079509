import EventLog
import Foundation
import SampleDomain

/// Every projection of the sample events, folded together so they never disagree.
///
/// `apply` turns one event into a row change on the table, then hands that change to each
/// aggregate (label counts, status lists, daily counts). Queries read whichever projection answers
/// them without scanning the table where a counter will do.
///
/// The fold is pure and total: the same events give the same state, and an event that cannot
/// apply (about a sample that is not live, or a second submit of a live id) changes nothing.
///
/// - Complexity: `apply` is O(1) amortised (plus hashing any new label text).
public struct ProjectionSet: Sendable {
    var table = SampleTable()
    var labelCounts = LabelCounts()
    var statuses = StatusIndex()
    var daily = DailyCounts()
    /// The state folded beside the table from the same records, so a checkpoint carries it and
    /// no read scans the log for it: the tags, per sample its last fetched image, the report's
    /// timeline (`ProjectionSet+Side.swift`).
    var tagIndex = TagIndex()
    /// The first tag record that could not be read (the fold goes on; `tags()` throws it).
    var tagFailure: TagError?
    /// The image facts: per sample its last `image.fetched` (compactly) and failure, who holds
    /// each SHA-256, and the mismatches (`ImageDigest`).
    public internal(set) var images = ImageDigest()
    /// Live samples and Nyckel outcomes at the end of each day, in seq order of the records folded.
    public internal(set) var timeline = ReportTimeline()

    /// The seq of the last event applied (0 before any), so a caller can resume folding after it.
    public private(set) var lastSeq: UInt64 = 0
    /// Where the record at `lastSeq` is stored, when the set was folded from a log (the anchor a
    /// checkpoint of this state is checked against).
    public private(set) var lastLocation: RecordLocation?

    public init() {}

    /// Folds one event, recorded at `seq`, into every projection. The event's wide columns are
    /// kept in memory: use `apply(_:seq:at:)` when folding a log.
    public mutating func apply(_ event: SampleEvent, seq: UInt64) {
        apply(event, seq: seq, at: nil)
    }

    /// Folds one event, stored in the log at `location`, into every projection. The wide columns
    /// (`image_url`, `image_path`, scan id, region, crop, sizes, `nyckel_sample_id`) are not kept:
    /// rows remember where their records are, and `row(_:)` and the row queries read them back
    /// with `rowSource`, which must be set to read that log.
    public mutating func apply(_ event: SampleEvent, seq: UInt64, at location: RecordLocation?) {
        switch event.body {
        case .imageFetched, .imageFetchFailed:
            images.apply(image: event)
            images.noteEvent(at: location)
        default:
            break
        }
        fold(table.apply(event, at: location), seq: seq, at: location, occurredAt: event.occurredAt)
        if images.count > 0 {
            var columns: SampleColumns = []
            if case .updated(let u) = event.body { columns = u.changes }
            refreshMismatch(event.sampleID, after: event.body.type, changing: columns)
        }
    }

    /// Keeps `images.mismatched` right for `id` after an event of `type` about it: one that can
    /// change its recorded sizes, its liveness or its fetched image.
    mutating func refreshMismatch(_ id: SampleID, after type: EventType, changing columns: SampleColumns) {
        switch type {
        case .sampleSubmitted, .sampleDeleted, .imageFetched: break
        case .sampleUpdated: guard !columns.isDisjoint(with: Self.sizeColumns) else { return }
        default: return
        }
        images.refreshMismatch(id, sizes: table.sizes(of: id))
    }

    private static let sizeColumns: SampleColumns = [.imageWidth, .imageHeight, .fileSizeBytes]

    /// Folds the facts of the event stored at `location`, their texts in `text`: the same state
    /// as `apply(_:seq:at:)` with the whole event (the wide columns are read back from the log
    /// either way).
    package mutating func apply(_ facts: EventFacts, text: UnsafeBufferPointer<UInt8>, seq: UInt64, at location: RecordLocation) {
        fold(table.apply(facts, text: text, at: location), seq: seq, at: location, occurredAt: facts.occurredAt)
        if images.count > 0 { refreshMismatch(facts.sampleID, after: facts.type, changing: facts.sets.union(facts.clears)) }
    }

    /// Hands the table's row change for the event at `seq` to every aggregate, then notes the
    /// counts it left in the timeline.
    private mutating func fold(_ change: RowChange?, seq: UInt64, at location: RecordLocation?, occurredAt: Timestamp) {
        lastSeq = seq
        lastLocation = location
        if let change {
            labelCounts.apply(change)
            statuses.apply(change)
            daily.apply(change)
        }
        timeline.observe(occurredAt: occurredAt, samples: table.liveCount, accepted: statuses.count(.accepted),
                         rejected: statuses.count(.rejected), errors: statuses.count(.error))
    }

    /// Notes that the record at `seq` was read but holds no sample event (a tag record).
    public mutating func skip(seq: UInt64, at location: RecordLocation? = nil) {
        lastSeq = seq
        lastLocation = location
    }

    /// Where rows folded with a location read their wide columns back from.
    public var rowSource: RecordFetcher? {
        get { table.fetcher }
        set { table.fetcher = newValue }
    }

    /// The live row for `id`, or nil if the sample was never submitted or has been deleted.
    ///
    /// Reads the row's wide columns back from the log; a log changed under the reader (its
    /// records no longer where the fold found them) stops the process. `readRow(_:)` throws instead.
    public func row(_ id: SampleID) -> SampleRow? {
        table.slot(of: id).map { table.row(at: $0) }
    }

    /// The live row for `id`, or nil; throws when its records cannot be read back from the log.
    public func readRow(_ id: SampleID) throws -> SampleRow? {
        try table.slot(of: id).map { try table.readRow(at: $0) }
    }

    /// The label of the live sample `id`, from its compact row (no read of the log); nil when it
    /// is not live.
    public func label(of id: SampleID) -> String? {
        table.slot(of: id).map { table.labels[table.facts($0).labelID] }
    }

    /// Whether `id` is a live sample (submitted and not deleted), without reading its row.
    public func isLive(_ id: SampleID) -> Bool { table.slot(of: id) != nil }

    /// How many rows the table holds now.
    public var liveCount: Int { table.liveCount }

    /// Live rows in `status`.
    public func count(status: NyckelStatus) -> Int { statuses.count(status) }
}

extension ProjectionSet {
    /// Folds the log from its first record through `seq` into a fresh set, checksums verified,
    /// decoding records on `threads` threads (this one included) while this thread folds them in
    /// order.
    ///
    /// Gives the same state, and throws the same errors, as folding the records one by one with
    /// `PayloadCodec.decodeSampleEvent(record:)` in seq order (it decodes only
    /// `EventFacts`, which fold to the same state). Tag records (`tag.…`) are skipped.
    /// - Complexity: O(bytes through `seq`).
    /// `progress`, when given, is called on this thread with the seq folded so far, every 16,384
    /// records. `visitor`, when given, sees every sample event in seq order, on this thread
    /// (`RebuildVisitor`).
    public static func rebuild(from reader: LogReader, through seq: UInt64,
                               threads: Int = Processors.usable,
                               visitor: RebuildVisitor? = nil,
                               progress: ((UInt64) -> Void)? = nil) throws -> ProjectionSet {
        var projections = ProjectionSet()
        projections.rowSource = RecordFetcher(directory: reader.directory)
        guard seq > 0 else { return projections }
        projections.table.reserveCapacity(expectedRows(reader, through: seq))
        try reader.scanBatches(through: seq, threads: threads, makeBatch: { FactBatch(bytes: $0) },
                               add: { batch, record in try batch.add(record) }) { batch, firstSeq in
            batch.text.withUnsafeBufferPointer { text in
                batch.facts.withUnsafeBufferPointer { records in
                    var seq = firstSeq
                    for start in stride(from: 0, to: records.count, by: warmGroup) {
                        let group = records[start..<min(start + warmGroup, records.count)]
                        projections.table.warm(group.lazy.compactMap { $0.facts?.sampleID })
                        for located in group {
                            if let facts = located.facts {
                                projections.apply(facts, text: text, seq: seq, at: located.location)
                                visitor?.event?(facts.occurredAt, projections)
                            } else {
                                projections.skip(seq: seq, at: located.location)
                            }
                            if seq & 0x3FFF == 0 { progress?(seq) }
                            seq += 1
                        }
                    }
                }
            }
            // The batch's image events, in seq order, after its sample events: a sample's
            // mismatch depends only on its row and its last fetch as they end up, so it is
            // looked at again after both.
            for event in batch.imageEvents {
                projections.images.apply(image: event)
                projections.refreshMismatch(event.sampleID, after: event.body.type, changing: [])
            }
            projections.images.events += batch.imageEventCount
            projections.images.segments.formUnion(batch.imageSegments)
            for entry in batch.tags { projections.fold(tag: entry) }
            if let image = visitor?.image { for event in batch.imageEvents { image(event) } }
        }
        return projections
    }
}

/// What a `rebuild` shows its caller besides the projections, so state kept beside them (the
/// report's timeline, the image facts) comes from the same single pass over the log.
public struct RebuildVisitor {
    /// Called after each sample event is folded, with its `occurred_at` and the projections as
    /// they now are.
    public var event: ((Timestamp, ProjectionSet) -> Void)?
    /// Called with each `image.fetched` / `image.fetch_failed` event, in seq order (decoded in
    /// full only when this is set).
    public var image: ((SampleEvent) -> Void)?

    public init(event: ((Timestamp, ProjectionSet) -> Void)? = nil, image: ((SampleEvent) -> Void)? = nil) {
        self.event = event
        self.image = image
    }
}

/// Events a rebuild reads ahead of folding them (`SampleTable.warm`): enough to wait for many
/// cache misses at once, few enough that what they bring in is still cached when folded.
private let warmGroup = 1024

/// Log bytes per live row in the app's typical stream (a ~630-byte submit, a ~330-byte answer,
/// a few later events): used only to size the table before a rebuild.
private let typicalBytesPerRow = 900

/// About how many rows folding `reader`'s log through `seq` makes, from the segments' sizes.
private func expectedRows(_ reader: LogReader, through seq: UInt64) -> Int {
    guard reader.lastSeq > 0 else { return 0 }
    return reader.approximateBytes(through: seq) / typicalBytesPerRow
}
