/// A borrowed view of one stored record, valid only inside the `scan` callback.
///
/// The buffers point into the reader's chunk buffer, so a scan allocates nothing per record.
/// `typeString` and `eventID` build Strings on demand; copy anything you keep.
public struct RecordView {
    public let seq: UInt64
    public let recordedAt: Timestamp
    public let schemaVersion: Int
    /// The type string's contents, still JSON-escaped (the writer escapes only unusual characters).
    package let type: UnsafeBufferPointer<UInt8>
    /// The event_id string's contents, still JSON-escaped; nil when the record has none.
    package let eventIDRaw: UnsafeBufferPointer<UInt8>?
    /// The bytes of the `data` object, `{` through `}`.
    package let payload: UnsafeBufferPointer<UInt8>
    /// The whole stored line without its newline.
    package let line: UnsafeBufferPointer<UInt8>
    /// First seq of the segment holding the record (its file name).
    public let segmentFirstSeq: UInt64
    /// Byte offset of the line in its segment.
    public let byteOffset: Int

    /// The type, unescaped.
    public var typeString: String { JSONUnescape.string(type) }

    /// The event id, unescaped; nil when the record has none.
    public var eventID: String? { eventIDRaw.map(JSONUnescape.string) }

    /// The bytes of the `data` object, `{` through `}`: a copy a library user may keep.
    public var payloadBytes: [UInt8] { Array(payload) }

    /// The whole stored line without its newline: a copy a library user may keep.
    public var lineBytes: [UInt8] { Array(line) }

    /// 1-based line number of the record in its segment.
    public var lineNumber: Int { Int(seq - segmentFirstSeq) + 1 }

    init(_ parsed: ParsedRecord, line: UnsafeBufferPointer<UInt8>, segmentFirstSeq: UInt64, byteOffset: Int) {
        seq = parsed.seq
        recordedAt = parsed.recordedAt
        schemaVersion = parsed.schemaVersion
        type = UnsafeBufferPointer(rebasing: line[parsed.type])
        eventIDRaw = parsed.eventID.map { UnsafeBufferPointer(rebasing: line[$0]) }
        payload = UnsafeBufferPointer(rebasing: line[parsed.payload])
        self.line = line
        self.segmentFirstSeq = segmentFirstSeq
        self.byteOffset = byteOffset
    }
}
