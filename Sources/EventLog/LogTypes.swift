/// How a `LogWriter` behaves.
public struct LogOptions: Sendable {
    /// A segment is closed and a new one started when the next record would push it past this
    /// many bytes. A single record larger than this still goes in, alone in its segment.
    public var segmentMaxBytes: Int = 64 << 20
    /// Seconds `LogWriter.open` waits for another writer to release the lock before failing.
    public var lockTimeout: Double = 5
    /// When true, `append` returns only after the data is fsynced. False skips every fsync:
    /// for bulk loads that can be redone after a crash.
    public var durable: Bool = true
    /// Zeros a durable writer keeps written ahead of its data in the last segment, so that an
    /// append overwrites them and its sync writes no new file size (`LogWriter+Padding`).
    /// 0 turns padding off. A segment is padded only when `segmentMaxBytes` is at least four
    /// times this (tests with tiny segments set a small value to exercise it).
    package var paddingBytes: Int = 1 << 20
    /// Whether `append` itself writes the padding when it runs low (true), or leaves that to
    /// the writer's owner, which calls `LogWriter.padIfDue()` when it has nothing else to do —
    /// a server's committer, so that the zeros' write and sync (about 1.5 ms for 1 MiB) never
    /// delay an answer or a queued group. Run out, an append simply grows the file.
    package var padsInAppend = true

    public init(segmentMaxBytes: Int = 64 << 20, lockTimeout: Double = 5, durable: Bool = true) {
        self.segmentMaxBytes = segmentMaxBytes
        self.lockTimeout = lockTimeout
        self.durable = durable
    }
}

/// A record to append. The writer gives it its seq and `recorded_at`.
public struct NewRecord: Sendable {
    /// The event type, e.g. `sample.submitted` (opaque to the engine; must not be empty).
    public var type: String
    /// The payload's schema version (`v`), 1 today.
    public var schemaVersion: Int
    /// Optional idempotency key; stored as `event_id` and indexed for `LogWriter.contains`.
    public var eventID: String?
    /// The bytes of one compact JSON object, inserted verbatim as `data`. Must not contain a newline.
    public var payload: [UInt8]
    /// The append time to store; nil means now. Replay passes the original. Either way the writer
    /// raises it to the previous record's time if it is earlier, so times never decrease.
    public var recordedAt: Timestamp?

    public init(type: String, schemaVersion: Int = 1, eventID: String? = nil, payload: [UInt8], recordedAt: Timestamp? = nil) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.eventID = eventID
        self.payload = payload
        self.recordedAt = recordedAt
    }
}

/// The seqs one `append` call gave its records: `firstSeq...lastSeq`.
public struct AppendResult: Sendable, Equatable {
    public let firstSeq: UInt64
    public let lastSeq: UInt64
    public var count: Int

    public init(firstSeq: UInt64, lastSeq: UInt64, count: Int) {
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.count = count
    }
}

/// What `LogWriter.open` found and repaired.
public struct RecoveryReport: Sendable, Equatable {
    /// Bytes of torn tail cut from the last segment (0 when it ended cleanly).
    public let truncatedBytes: Int
    /// File name of the segment that was cut, if any.
    public let segment: String?
    /// The last seq in the log after recovery (0 for an empty log).
    public let lastSeq: UInt64

    public init(truncatedBytes: Int, segment: String?, lastSeq: UInt64) {
        self.truncatedBytes = truncatedBytes
        self.segment = segment
        self.lastSeq = lastSeq
    }
}

/// Totals from `verifyLog`.
public struct VerifyReport: Sendable, Equatable {
    public let segments: Int
    public let records: UInt64
    public let bytes: UInt64
    /// The seqs holding repair markers: records lost in a repair (`RepairMarker`), in order.
    public var lostSeqs: [UInt64] = []

    public init(segments: Int, records: UInt64, bytes: UInt64) {
        self.segments = segments
        self.records = records
        self.bytes = bytes
    }
}
