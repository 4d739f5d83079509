import EventLog
import SampleDomain

/// The facts of one chunk of the log's records, as a decoding thread of a rebuild hands them to
/// the folding thread: plain values, and one byte buffer holding every label and function id
/// they name. Nothing in it is reference-counted per record.
struct FactBatch: Sendable {
    /// One entry per record, in seq order.
    var facts: [LocatedFacts] = []
    /// The texts `facts` name (`TextSpan`).
    var text: [UInt8] = []

    /// The image events among them (`image.fetched`, `image.fetch_failed`), decoded in full, in
    /// seq order.
    var imageEvents: [SampleEvent] = []
    /// How many `image.fetched` and `image.fetch_failed` records it holds.
    var imageEventCount = 0
    /// The segments (first seqs) those records are in.
    var imageSegments: Set<UInt64> = []
    /// The tag records among them, read, in seq order (for `ProjectionSet.tags()`).
    var tags: [TagIndex.Entry] = []

    /// An empty batch with room for about `bytes` bytes of records.
    init(bytes: Int) {
        // Records are rarely under 256 bytes; about one in two holds a label or function id.
        facts.reserveCapacity(bytes / 256 + 1)
        text.reserveCapacity(bytes / 16)
    }

    /// Decodes `record` and adds it; throws, adding nothing, what `PayloadCodec.decodeFacts`
    /// throws.
    mutating func add(_ record: RecordView) throws {
        let facts = try PayloadCodec.decodeFacts(record: record, text: &text)
        if let type = facts?.type {
            if type == .imageFetched || type == .imageFetchFailed {
                imageEventCount += 1
                imageSegments.insert(record.location.segmentFirstSeq)
                imageEvents.append(try PayloadCodec.decode(record: record))
            }
        } else if let tag = TagIndex.entry(of: record) {
            tags.append(tag)
        }
        self.facts.append(LocatedFacts(facts: facts, location: record.location))
    }
}

/// The facts of a decoded record and where it is stored (nil facts: a tag record).
struct LocatedFacts: Sendable {
    var facts: EventFacts?
    var location: RecordLocation
}
