import EventLog
import SampleDomain

/// What the log says about each sample's image: the last `image.fetched`, and the last
/// `image.fetch_failed` when it came after it. Folded from the image events alone; the
/// `training_samples` table does not change with them.
public struct ImageLedger: Sendable {
    /// One sample's image facts.
    public struct Entry: Equatable, Sendable {
        /// The last fetch that stored the image.
        public var fetched: ImageFetched?
        /// The last failure, when no fetch succeeded after it.
        public var failure: ImageFetchFailed?
    }

    public private(set) var entries: [SampleID: Entry] = [:]
    /// The samples whose last fetch stored each SHA-256 (`ImageBytesIndex`): who shares bytes,
    /// without a scan of `entries`.
    public private(set) var bySHA256 = ImageBytesIndex()

    public init() {}

    /// Notes an `image.fetched` of `sampleID`.
    public mutating func apply(_ sampleID: SampleID, fetched: ImageFetched) {
        if let old = entries[sampleID]?.fetched?.sha256 {
            if old == fetched.sha256 {
                entries[sampleID]?.fetched = fetched
                entries[sampleID]?.failure = nil
                return
            }
            bySHA256.remove(sampleID, sha256: old)
        }
        bySHA256.insert(sampleID, sha256: fetched.sha256)
        entries[sampleID, default: Entry()].fetched = fetched
        entries[sampleID]?.failure = nil
    }

    /// The samples whose last fetch stored the same bytes as `sampleID`'s last fetch (itself
    /// included, in the order they got them), with that SHA-256; nil when it has no fetch. Live or
    /// deleted: the caller keeps those it wants.
    /// - Complexity: O(the samples of that SHA-256).
    public func samplesSharingBytes(with sampleID: SampleID) -> (sha256: String, sampleIDs: [SampleID])? {
        guard let sha = entries[sampleID]?.fetched?.sha256 else { return nil }
        let ids = bySHA256.samples(sha256: sha).filter { entries[$0]?.fetched?.sha256 == sha }
        return (sha, ids)
    }

    /// Notes `event` when it is an image event; other events change nothing.
    public mutating func apply(_ event: SampleEvent) {
        switch event.body {
        case .imageFetched(let f): apply(event.sampleID, fetched: f)
        case .imageFetchFailed(let f): apply(event.sampleID, failed: f)
        default: break
        }
    }

    /// Notes an `image.fetch_failed` of `sampleID`.
    public mutating func apply(_ sampleID: SampleID, failed: ImageFetchFailed) {
        entries[sampleID, default: Entry()].failure = failed
    }

    /// The stored image of each sample whose last fetch succeeded and whose blob is in `store`.
    public func storedImages(in store: BlobStore) -> [SampleID: DatasetExport.StoredImage] {
        var out: [SampleID: DatasetExport.StoredImage] = [:]
        for (id, entry) in entries {
            if let f = entry.fetched, store.contains(f.sha256) { out[id] = DatasetExport.StoredImage(sha256: f.sha256, format: f.format) }
        }
        return out
    }
}

extension ImageLedger {
    /// The image facts of every record of `reader` (image events only are decoded).
    public static func load(from reader: LogReader) throws -> ImageLedger {
        var ledger = ImageLedger()
        try reader.scan(from: 1, through: nil, verifyChecksums: true) { record in
            guard record.type.starts(with: "image.".utf8) else { return }
            ledger.apply(try PayloadCodec.decode(record: record))
        }
        return ledger
    }
}
