import EventLog
import SampleDomain

/// Per sample, the SHA-256 of the image its last `image.fetched` stored: what `project stats`
/// and the report count (stored, missing, duplicates, conflicts), folded with the table so that
/// a checkpoint carries it and no read scans the log for image events.
///
/// Keyed by sample id whatever the table holds (a deleted and resubmitted sample keeps its last
/// fetch), exactly as `ImageLedger` keeps `fetched`: a later `image.fetch_failed` does not
/// remove it. Each distinct SHA-256 text is kept once.
public struct ImageDigest: Sendable, Equatable {
    /// Sample → index into `texts`.
    private(set) var index: [SampleID: Int32] = [:]
    /// The distinct SHA-256 texts, in the order first seen.
    private(set) var texts: [String] = []
    private var number: [String: Int32] = [:]
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

    /// Notes that `id`'s image is now the blob named `sha256`.
    /// - Complexity: O(1) amortised (hashing the id and the text).
    public mutating func apply(_ id: SampleID, sha256: String) {
        let n: Int32
        if let known = number[sha256] {
            n = known
        } else {
            n = Int32(texts.count)
            texts.append(sha256)
            number[sha256] = n
        }
        index[id] = n
    }

    /// How many samples have a fetched image.
    public var count: Int { index.count }

    /// Calls `body` with each sample that has a fetched image and that image's SHA-256, in no
    /// particular order.
    public func forEach(_ body: (SampleID, String) -> Void) {
        for (id, n) in index { body(id, texts[Int(n)]) }
    }

    /// A digest restored from a checkpoint: `texts` distinct, every index in range (checked by
    /// the caller).
    init(texts: [String], index: [SampleID: Int32], events: Int, segments: Set<UInt64>, unplaced: Bool) {
        self.texts = texts
        self.index = index
        self.events = events
        self.segments = segments
        self.unplaced = unplaced
        number.reserveCapacity(texts.count)
        for (n, text) in texts.enumerated() { number[text] = Int32(n) }
    }

    public static func == (a: ImageDigest, b: ImageDigest) -> Bool {
        a.index.count == b.index.count && a.index.allSatisfy { id, n in b.index[id].map { b.texts[Int($0)] } == a.texts[Int(n)] }
    }
}
