import EventLog

/// Reads domain events out of the log, decoding each record's payload.
public enum SampleEventReader {
    /// Calls `body` for every record from `from` through `through` (inclusive; nil = to the end),
    /// decoded into a domain event. A record of an unknown type or schema version is an error
    /// that names its seq: a reader never skips what it cannot understand — except tag records
    /// (type `tag.*`, see `TagRecord`) and the log's own records (type `log.*`: repair markers,
    /// see `RepairMarker`), which are not sample events and are skipped; `lost`, when given, is
    /// called with each repair marker's seq and reason.
    public static func forEach(
        in reader: LogReader, from: UInt64 = 1, through: UInt64? = nil, verifyChecksums: Bool = true,
        lost: ((_ seq: UInt64, _ reason: String) throws -> Void)? = nil,
        _ body: (_ seq: UInt64, _ recordedAt: Timestamp, _ event: SampleEvent, _ record: RecordView) throws -> Void
    ) throws {
        try reader.scan(from: from, through: through, verifyChecksums: verifyChecksums) { record in
            if TagRecord.isTagType(record.type) { return }
            if RepairMarker.isLogType(record.type) {
                if let lost, RepairMarker.isMarker(record) { try lost(record.seq, RepairMarker.reason(record) ?? "") }
                return
            }
            let event = try PayloadCodec.decode(record: record)
            try body(record.seq, record.recordedAt, event, record)
        }
    }

    /// A record whose payload this version of tslog cannot read.
    public struct DecodeFailure: Error, CustomStringConvertible, Sendable {
        public let seq: UInt64
        public let message: String
        public var description: String { "record seq \(seq): \(message)" }
    }
}

/// One record as `tslog log` shows it: a sample event, or a tag record (which is not one).
public enum LogEntry: Sendable {
    case sample(SampleEvent)
    case tag(TagRecord)
    /// A repair marker (`RepairMarker`): the record at this seq was lost in a repair.
    case lost(reason: String)

    /// The record types `tslog log --type` and `GET /v1/events?type=` select by: every sample
    /// event type, `tag.set`, and `log.lost` (a repair marker is shown whatever the type, so
    /// `--type log.lost` alone lists just the markers).
    public static let selectableTypes = EventType.allCases.map(\.rawValue) + [TagRecord.setType, RepairMarker.type]

    /// The record type: the event's wire name, or `tag.set`.
    public var typeName: String {
        switch self {
        case .sample(let event): event.body.type.rawValue
        case .tag: TagRecord.setType
        case .lost: RepairMarker.type
        }
    }
}

extension SampleEventReader {
    /// Calls `body` for every record from `from` through `through` (inclusive; nil = to the
    /// end), sample events, tag records and repair markers alike, each decoded: what `tslog log` prints, with no
    /// seq left out. A record of a type or version this tslog cannot read is an error naming its seq.
    public static func forEachEntry(
        in reader: LogReader, from: UInt64 = 1, through: UInt64? = nil,
        _ body: (_ seq: UInt64, _ entry: LogEntry, _ record: RecordView) throws -> Void
    ) throws {
        try reader.scan(from: from, through: through, verifyChecksums: true) { record in
            if TagRecord.isTagType(record.type) {
                let tag = try TagRecord.decode(payload: record.payload, version: record.schemaVersion, recordSeq: record.seq)
                try body(record.seq, .tag(tag), record)
            } else if RepairMarker.isLogType(record.type) {
                // The log's own records: repair markers are shown; a later `log.…` type is skipped.
                if RepairMarker.isMarker(record) { try body(record.seq, .lost(reason: RepairMarker.reason(record) ?? ""), record) }
            } else {
                try body(record.seq, .sample(try PayloadCodec.decode(record: record)), record)
            }
        }
    }
}
