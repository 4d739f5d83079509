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

    /// The image events among them, decoded in full, in seq order (only when the batch keeps them).
    var imageEvents: [SampleEvent] = []
    /// Whether `add` keeps image events in `imageEvents`.
    let keepsImageEvents: Bool

    /// An empty batch with room for about `bytes` bytes of records.
    init(bytes: Int, keepingImageEvents: Bool = false) {
        // Records are rarely under 256 bytes; about one in two holds a label or function id.
        facts.reserveCapacity(bytes / 256 + 1)
        text.reserveCapacity(bytes / 16)
        keepsImageEvents = keepingImageEvents
    }

    /// Decodes `record` and adds it; throws, adding nothing, what `PayloadCodec.decodeFacts`
    /// throws.
    mutating func add(_ record: RecordView) throws {
        let facts = try PayloadCodec.decodeFacts(record: record, text: &text)
        if keepsImageEvents, let type = facts?.type, type == .imageFetched || type == .imageFetchFailed {
            imageEvents.append(try PayloadCodec.decode(record: record))
        }
        self.facts.append(LocatedFacts(facts: facts, location: record.location))
    }
}

/// The facts of a decoded record and where it is stored (nil facts: a tag record).
struct LocatedFacts: Sendable {
    var facts: EventFacts?
    var location: RecordLocation
}
