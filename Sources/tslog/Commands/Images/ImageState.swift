import EventLog
import Foundation
import Projections
import SampleDomain

/// What the image commands read: the live rows at a point (filtered like export), the image
/// facts of the whole log, and the store.
struct ImageState {
    var rows: [SampleRow]
    var ledger: ImageLedger
    var store: BlobStore
    var seq: UInt64
    /// The rows whose last `image.fetched` fetched another URL than their `image_url`: the app
    /// changed the URL since (a `sample.updated`, or a new submission after a delete), so the
    /// stored bytes are the old image's, not the one the row names.
    var fetchedElsewhere: Set<SampleID> = []
    /// Every blob some `image.fetched` of the log names, whatever its sample's state or a later
    /// fetch: the blobs `tslog images prune` keeps.
    var referenced: Set<String> = []

    /// The stored blobs no event names: an append that failed, or a fetch killed, after its
    /// blobs were stored (`tslog images prune` removes them).
    var unreferenced: [String] { store.allBlobs().filter { !referenced.contains($0) } }

    /// Whether the sample's last fetch stored the image of its `image_url` and the blob is there.
    func isStored(_ id: SampleID) -> Bool {
        guard !fetchedElsewhere.contains(id), let fetched = ledger.entries[id]?.fetched else { return false }
        return store.contains(fetched.sha256)
    }

    /// The state at `position`; with `validAt`, the rows as they stood at that valid time
    /// (`--valid-at`) as the log knew it at `position`. The image facts are the whole log's.
    static func load(_ context: CommandContext, at position: LogPosition, validAt: Timestamp? = nil,
                     filter: ExportFilter) throws -> ImageState {
        let reader = try LogAccess.reader(context)
        let seq = try position.resolveOption(in: reader, now: .now())
        let projections = try validAt.map { try ProjectionLoader.load(reader, through: seq, validAt: $0) }
            ?? LogAccess.projections(context, at: .seq(seq))
        let rows = projections.exportRows(filter)
        // In the ledger's one scan, each fetch's URL against the row's `image_url` (the last
        // fetch of a sample decides).
        let rowIndex = Dictionary(rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var fetchedElsewhere = Set<SampleID>()
        var referenced = Set<String>()
        let ledger = try ImageLedger.load(from: reader) { id, fetched in
            referenced.insert(fetched.sha256)
            guard let i = rowIndex[id] else { return }
            if fetched.url == rows[i].imageURL { fetchedElsewhere.remove(id) } else { fetchedElsewhere.insert(id) }
        }
        return ImageState(rows: rows, ledger: ledger, store: BlobStore(logDirectory: context.logDirectory), seq: seq,
                          fetchedElsewhere: fetchedElsewhere, referenced: referenced)
    }
}

extension ImageState {
    /// The `images` section for `project stats` and the report, as of `projections`; nil when
    /// the log has no image store (`DIR/images`), so a log without images reads as before.
    /// `ledger`: the image facts when the caller folded them already. Else, when `folded` (the
    /// projections were folded in seq order, not in valid-time order) and they reach the log's
    /// end, the image facts folded with them (`ProjectionSet.images`, carried by checkpoints);
    /// otherwise the log's image events are read.
    static func summary(_ source: any ReadSource, _ projections: ProjectionSet, ledger: ImageLedger? = nil,
                        folded: Bool = false) throws -> ResultTable? {
        guard FileManager.default.fileExists(atPath: source.logDirectory + "/images") else { return nil }
        let store = BlobStore(logDirectory: source.logDirectory)
        if let ledger { return projections.imageSummary(ledger, store: store) }
        let reader = try source.reader()
        if folded, projections.lastSeq == reader.lastSeq { return projections.imageSummary(store: store) }
        return projections.imageSummary(try ImageLedger.load(from: reader), store: store)
    }
}

/// A progress bar updated from the fetch threads, one update at a time.
final class NSLockBox: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: Progress
    init(_ progress: Progress) { self.progress = progress }
    func update(_ done: Int) {
        lock.lock()
        progress.update(done)
        lock.unlock()
    }
}
