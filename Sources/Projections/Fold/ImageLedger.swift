import EventLog
import SampleDomain

/// What the log says about each sample's image: the last `image.fetched`, and the last
/// `image.fetch_failed` when it came after it. Folded from the image events alone; the
/// `training_samples` table does not change with them.
///
/// A view of an `ImageDigest` (the compact image facts): the one the projections fold (a live
/// server's, no scan and no second copy) or one read from the log's image events (`load`).
public struct ImageLedger: Sendable {
    /// One sample's image facts.
    public struct Entry: Equatable, Sendable {
        /// The last fetch that stored the image.
        public var fetched: StoredImageFacts?
        /// The last failure, when no fetch succeeded after it.
        public var failure: ImageFetchFailed?
    }

    /// The facts behind the ledger.
    public private(set) var digest: ImageDigest

    public init() { digest = ImageDigest() }

    /// The ledger of `digest`'s facts.
    public init(_ digest: ImageDigest) { self.digest = digest }

    /// Every sample's entry, by sample id.
    public var entries: Entries { Entries(digest: digest) }

    /// Notes an `image.fetched` of `sampleID`.
    public mutating func apply(_ sampleID: SampleID, fetched: ImageFetched) {
        digest.apply(sampleID, fetched: fetched)
    }

    /// Notes an `image.fetch_failed` of `sampleID`.
    public mutating func apply(_ sampleID: SampleID, failed: ImageFetchFailed) {
        digest.apply(sampleID, failed: failed)
    }

    /// Notes `event` when it is an image event; other events change nothing.
    public mutating func apply(_ event: SampleEvent) {
        digest.apply(image: event)
    }

    /// The samples whose last fetch stored the same bytes as `sampleID`'s last fetch (itself
    /// included, in the order they got them), with that SHA-256; nil when it has no fetch. Live or
    /// deleted: the caller keeps those it wants.
    /// - Complexity: O(the samples of that SHA-256).
    public func samplesSharingBytes(with sampleID: SampleID) -> (sha256: String, sampleIDs: [SampleID])? {
        digest.samplesSharingBytes(with: sampleID)
    }

    /// The stored image of each sample whose last fetch succeeded and whose blob is in `store`.
    public func storedImages(in store: BlobStore) -> [SampleID: DatasetExport.StoredImage] {
        var out: [SampleID: DatasetExport.StoredImage] = [:]
        var present: [Int32: Bool] = [:]
        for (id, f) in digest.fetched {
            let sha = digest.sha256(of: f)
            if present[f.digest] ?? { let p = store.contains(sha); present[f.digest] = p; return p }() {
                out[id] = DatasetExport.StoredImage(sha256: sha, format: f.format)
            }
        }
        return out
    }

    /// The ledger's entries: a sample with a fetch or a failure has one.
    public struct Entries: Sequence, Equatable, Sendable {
        let digest: ImageDigest

        public subscript(id: SampleID) -> Entry? {
            let fetch = digest.fetch(of: id), failure = digest.failure(of: id)
            guard fetch != nil || failure != nil else { return nil }
            return Entry(fetched: fetch.map { StoredImageFacts($0, sha256: digest.sha256(of: $0)) }, failure: failure)
        }

        public var count: Int { digest.entryCount }
        public var isEmpty: Bool { count == 0 }
        /// The samples with an entry, in no particular order.
        public var keys: [SampleID] { digest.sampleIDs }

        public func makeIterator() -> AnyIterator<(key: SampleID, value: Entry)> {
            var ids = keys.makeIterator()
            return AnyIterator {
                guard let id = ids.next(), let entry = self[id] else { return nil }
                return (id, entry)
            }
        }

        public static func == (a: Entries, b: Entries) -> Bool {
            a.count == b.count && a.keys.allSatisfy { a[$0] == b[$0] }
        }
    }
}

/// What an `image.fetched` stored, as the image facts keep it: the blob's SHA-256 and the
/// image's own header (the URL and content type stay in the log).
public struct StoredImageFacts: Equatable, Sendable {
    public var sha256: String
    public var bytes: Int64
    public var format: ImageFormat
    public var width: Int64
    public var height: Int64

    init(_ fetch: ImageDigest.Fetched, sha256: String) {
        self.sha256 = sha256
        bytes = fetch.bytes
        format = fetch.format
        width = fetch.width
        height = fetch.height
    }
}

extension ImageLedger {
    /// The image facts of every record of `reader` (image events only are decoded).
    /// `fetched` sees each `image.fetched` in seq order with its whole payload (the URL, which
    /// the ledger's compact facts do not keep).
    public static func load(from reader: LogReader,
                            fetched: (SampleID, ImageFetched) -> Void = { _, _ in }) throws -> ImageLedger {
        var ledger = ImageLedger()
        try reader.scan(from: 1, through: nil, verifyChecksums: true) { record in
            guard record.type.starts(with: "image.".utf8) else { return }
            let event = try PayloadCodec.decode(record: record)
            ledger.apply(event)
            if case .imageFetched(let facts) = event.body { fetched(event.sampleID, facts) }
        }
        return ledger
    }
}
