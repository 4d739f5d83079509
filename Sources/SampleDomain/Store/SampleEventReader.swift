import EventLog

/// Reads domain events out of the log, decoding each record's payload.
public enum SampleEventReader {
    /// Calls `body` for every record from `from` through `through` (inclusive; nil = to the end),
    /// decoded into a domain event. A record of an unknown type or schema version is an error
    /// that names its seq: a reader never skips what it cannot understand — except tag records
    /// (type `tag.*`, see `TagRecord`), which are not sample events and are skipped.
    public static func forEach(
        in reader: LogReader, from: UInt64 = 1, through: UInt64? = nil, verifyChecksums: Bool = true,
        _ body: (_ seq: UInt64, _ recordedAt: Timestamp, _ event: SampleEvent, _ record: RecordView) throws -> Void
    ) throws {
        try reader.scan(from: from, through: through, verifyChecksums: verifyChecksums) { record in
            if TagRecord.isTagType(record.type) { return }
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
