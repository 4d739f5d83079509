import EventLog

/// A parsed, field-validated input line, before state checks and before the default time is
/// applied.
///
/// `BatchValidation` turns a line into this, checks it against a `SampleRegistry`, and then
/// calls `event(defaultTime:)` with the append time to get what is stored.
public struct InputEvent: Equatable, Sendable {
    /// The line's idempotency key, if it gave one: a second line with the same key is skipped.
    public var eventID: String?
    /// The line's `occurred_at`, normalised to UTC microseconds; nil when absent or null.
    public var occurredAt: Timestamp?
    public var sampleID: SampleID
    public var body: EventBody
    /// The line's precondition (`expect_last_seq`): the seq the last event about the sample must
    /// have when this line is appended, 0 for "no event about it yet"; nil when the line sets
    /// none. Checked by `BatchValidation`, never stored.
    public var expectLastSeq: UInt64?

    public init(eventID: String? = nil, occurredAt: Timestamp? = nil, sampleID: SampleID, body: EventBody,
                expectLastSeq: UInt64? = nil) {
        self.eventID = eventID; self.occurredAt = occurredAt; self.sampleID = sampleID; self.body = body
        self.expectLastSeq = expectLastSeq
    }

    /// The domain event, with `defaultTime` (the append time) when the line gave no `occurred_at`.
    public func event(defaultTime: Timestamp) -> SampleEvent {
        SampleEvent(sampleID: sampleID, occurredAt: occurredAt ?? defaultTime, body: body)
    }
}
