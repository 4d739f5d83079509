import EventLog

/// Tag records: how a named point in the log is stored in the log itself.
///
/// A tag is a record like any other, written through `LogWriter`, so it is checksummed, ordered
/// by seq, auditable, and copied by `replay`. Its type starts with `tag.`, which marks it as not
/// a sample event: every reader of sample events skips such records
/// (`SampleEventReader.forEach`, the registry `SampleStore` loads, the projections' rebuild).
///
/// The one type today is `tag.set`, schema version 1. Its payload, keys in this order, optional
/// keys omitted when absent (never null):
///
///     {"name":"model-v3","seq":41,"note":"trained 2026-11-25","moved_from":12}
///
/// - `name`: the tag name (`TagName`).
/// - `seq`: the log position the tag names: the state after the record with this seq (0: the
///   empty log). Always below the tag record's own seq.
/// - `note`: free text, optional.
/// - `moved_from`: present when the record moves an existing tag: the seq it named before.
///
/// This format is frozen: it must not drift (docs/events.md pins one line byte for byte).
public struct TagRecord: Equatable, Sendable {
    /// The record type of a tag set or moved.
    public static let setType = "tag.set"
    /// The prefix of every tag record type.
    public static let typePrefix: StaticString = "tag."
    /// The schema version `tag.set` records are written with.
    public static let schemaVersion = 1

    public var name: TagName
    public var seq: UInt64
    public var note: String?
    public var movedFrom: UInt64?

    public init(name: TagName, seq: UInt64, note: String? = nil, movedFrom: UInt64? = nil) {
        self.name = name; self.seq = seq; self.note = note; self.movedFrom = movedFrom
    }

    /// Whether a record's raw `type` bytes start with `tag.`: true for every tag record, whatever
    /// its version or future subtype, so that sample-event readers (every fold) can skip them.
    /// - Complexity: O(1): four bytes compared as one word (`RecordTypePrefix`).
    package static func isTagType(_ type: UnsafeBufferPointer<UInt8>) -> Bool {
        RecordTypePrefix.matches(type, typePrefix)
    }

    /// The record to hand to `LogWriter.append`.
    public var newRecord: NewRecord {
        NewRecord(type: TagRecord.setType, schemaVersion: TagRecord.schemaVersion, eventID: nil, payload: payload)
    }

    /// The canonical payload bytes.
    public var payload: [UInt8] {
        var w = JSONWriter(capacity: 64 + name.text.utf8.count + (note?.utf8.count ?? 0))
        w.beginObject()
        w.key("name"); w.string(name.text)
        w.key("seq"); w.uint(seq)
        if let note { w.key("note"); w.string(note) }
        if let movedFrom { w.key("moved_from"); w.uint(movedFrom) }
        w.endObject()
        return w.bytes
    }
}
