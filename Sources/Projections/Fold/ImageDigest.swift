import EventLog
import SampleDomain

/// The image facts, folded with the table so that a checkpoint carries them and no read scans
/// the log for image events: per sample, its last `image.fetched` (which bytes, as a number
/// into a table of distinct SHA-256s, and what the image's header said) and its last
/// `image.fetch_failed` when no fetch succeeded after it; who holds each digest; and which live
/// samples' recorded sizes differ from their stored image's (`mismatched`).
///
/// Kept by sample id whatever the table holds (a deleted and resubmitted sample keeps its last
/// fetch), as `ImageLedger` shows them: a later `image.fetch_failed` does not remove a fetch.
///
/// Compact for a log with a million images: about 64 bytes a sample (`fetched`) plus 64 a
/// distinct digest (`ImageDigestTable`); no URL or content type is kept (`tslog history` reads
/// them from the log).
public struct ImageDigest: Sendable, Equatable {
    /// One sample's last stored image.
    public struct Fetched: Sendable, Equatable {
        /// The SHA-256's number in `table`.
        var digest: Int32
        public var format: ImageFormat
        public var width: Int64
        public var height: Int64
        public var bytes: Int64
    }

    /// Sample → its last fetch.
    private(set) var fetched: [SampleID: Fetched] = [:]
    /// Sample → its last failure, when no fetch succeeded after it.
    private(set) var failures: [SampleID: ImageFetchFailed] = [:]
    /// The distinct SHA-256s and who holds each.
    private(set) var table = ImageDigestTable()
    /// The live samples whose recorded `image_width`, `image_height` or `file_size_bytes` differ
    /// from their last fetch's facts — `images check`'s mismatches, before the store is asked
    /// whether it holds the blob. Kept by `ProjectionSet` (it needs the rows); not part of `==`.
    public internal(set) var mismatched: Set<SampleID> = []
    /// How many `image.fetched` and `image.fetch_failed` events were folded (not part of `==`):
    /// zero tells a reader that the log holds no image facts to read.
    public internal(set) var events = 0
    /// The segments (by first seq) that hold those events, so a reader that wants every image
    /// fact reads only them (not part of `==`).
    public internal(set) var segments: Set<UInt64> = []
    /// Whether an image event was folded without its place in the log (a set folded from
    /// events, not from a log): `segments` is then incomplete.
    public internal(set) var unplaced = false

    /// Notes one image event (`image.fetched` or `image.fetch_failed`) stored at `location`.
    mutating func noteEvent(at location: RecordLocation?) {
        events += 1
        if let location { segments.insert(location.segmentFirstSeq) } else { unplaced = true }
    }

    public init() {}

    /// Notes an `image.fetched` of `id`.
    /// - Complexity: O(1) amortised (plus the old digest's holders when the bytes changed).
    public mutating func apply(_ id: SampleID, fetched f: ImageFetched) {
        apply(id, sha256: f.sha256, format: f.format, width: f.width, height: f.height, bytes: f.bytes)
    }

    /// Notes that `id`'s image is now the blob named `sha256` (its header's facts unknown: -1).
    public mutating func apply(_ id: SampleID, sha256: String) {
        apply(id, sha256: sha256, format: .png, width: -1, height: -1, bytes: -1)
    }

    private mutating func apply(_ id: SampleID, sha256: String, format: ImageFormat, width: Int64, height: Int64, bytes: Int64) {
        let n = table.number(for: sha256)
        let old = fetched.updateValue(Fetched(digest: n, format: format, width: width, height: height, bytes: bytes), forKey: id)
        if old?.digest != n {
            if let old { table.release(id, old.digest) }
            table.hold(id, n)
        }
        if !failures.isEmpty { failures[id] = nil }
    }

    /// Notes an `image.fetch_failed` of `id`.
    public mutating func apply(_ id: SampleID, failed: ImageFetchFailed) {
        failures[id] = failed
    }

    /// Notes `event` when it is an image event (`events` and `segments` are the caller's).
    mutating func apply(image event: SampleEvent) {
        switch event.body {
        case .imageFetched(let f): apply(event.sampleID, fetched: f)
        case .imageFetchFailed(let f): apply(event.sampleID, failed: f)
        default: break
        }
    }

    /// How many samples have a fetched image.
    public var count: Int { fetched.count }

    /// The last fetch of `id`, or nil.
    public func fetch(of id: SampleID) -> Fetched? { fetched[id] }

    /// The last failure of `id` when no fetch succeeded after it, or nil.
    public func failure(of id: SampleID) -> ImageFetchFailed? { failures.isEmpty ? nil : failures[id] }

    /// The SHA-256 of a fetch, as 64 hex digits.
    public func sha256(of fetch: Fetched) -> String { table.text(fetch.digest) }

    /// The SHA-256 of `id`'s last fetch, or nil.
    public func sha256(of id: SampleID) -> String? { fetched[id].map { table.text($0.digest) } }

    /// Every sample with a fetch or a failure.
    var sampleIDs: [SampleID] {
        Array(fetched.keys) + failures.keys.filter { fetched[$0] == nil }
    }

    /// How many samples have a fetch or a failure.
    var entryCount: Int {
        fetched.count + (failures.isEmpty ? 0 : failures.keys.count { fetched[$0] == nil })
    }

    /// Calls `body` with each sample that has a fetched image and that image's SHA-256, in no
    /// particular order.
    public func forEach(_ body: (SampleID, String) -> Void) {
        for (id, f) in fetched { body(id, table.text(f.digest)) }
    }

    /// Calls `body` with each sample that has a fetched image and its digest's number (the same
    /// number for the same bytes), in no particular order; `text` turns a number into its SHA-256.
    func forEachNumbered(_ body: (SampleID, Int32) -> Void) {
        for (id, f) in fetched { body(id, f.digest) }
    }

    /// The samples whose last fetch stored `id`'s last fetch's bytes (itself included, in the
    /// order they got them), with that SHA-256; nil when it has no fetch. Live or deleted.
    /// - Complexity: O(the samples of that SHA-256).
    public func samplesSharingBytes(with id: SampleID) -> (sha256: String, sampleIDs: [SampleID])? {
        guard let f = fetched[id] else { return nil }
        return (table.text(f.digest), table.holders[Int(f.digest)].ids)
    }

    /// Calls `body` with each SHA-256 that two or more samples' last fetches stored, and those
    /// samples (live or deleted), in no particular order.
    /// - Complexity: O(distinct digests).
    public func forEachShared(_ body: (String, [SampleID]) throws -> Void) rethrows {
        for (n, holders) in table.holders.enumerated() {
            if case .many(let ids) = holders { try body(table.text(Int32(n)), ids) }
        }
    }

    /// Whether `id` is a mismatch now, given its row's recorded sizes (nil: not live).
    mutating func refreshMismatch(_ id: SampleID, sizes: (width: Int64, height: Int64, bytes: Int64)?) {
        var differs = false
        if let s = sizes, let f = fetched[id] {
            differs = (s.width >= 0 && s.width != f.width) || (s.height >= 0 && s.height != f.height)
                || (s.bytes >= 0 && s.bytes != f.bytes)
        }
        if differs { mismatched.insert(id) } else if !mismatched.isEmpty { mismatched.remove(id) }
    }

    /// A digest restored from a checkpoint (checked by the caller).
    init(table: ImageDigestTable, fetched: [SampleID: Fetched], failures: [SampleID: ImageFetchFailed],
         mismatched: Set<SampleID>, events: Int, segments: Set<UInt64>, unplaced: Bool) {
        self.table = table
        self.fetched = fetched
        self.failures = failures
        self.mismatched = mismatched
        self.events = events
        self.segments = segments
        self.unplaced = unplaced
    }

    /// Equal when every sample's last fetch stored the same SHA-256 (the facts `project stats`
    /// counts); the rest is left out.
    public static func == (a: ImageDigest, b: ImageDigest) -> Bool {
        a.fetched.count == b.fetched.count && a.fetched.allSatisfy { id, f in
            guard let g = b.fetched[id] else { return false }
            return ImageDigestTable.same(f.digest, in: a.table, g.digest, in: b.table)
        }
    }
}
