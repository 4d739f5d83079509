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

    public init(eventID: String? = nil, occurredAt: Timestamp? = nil, sampleID: SampleID, body: EventBody) {
        self.eventID = eventID; self.occurredAt = occurredAt; self.sampleID = sampleID; self.body = body
    }

    /// The domain event, with `defaultTime` (the append time) when the line gave no `occurred_at`.
    public func event(defaultTime: Timestamp) -> SampleEvent {
        SampleEvent(sampleID: sampleID, occurredAt: occurredAt ?? defaultTime, body: body)
    }
}
