import EventLog

/// One event made by a generator, with the input line a user would append to log it.
public struct GeneratedEvent: Sendable {
    /// The idempotency key written as `event_id`, when the generator gave one.
    public var eventID: String?
    /// The event the line describes, exactly as a correct parser would read it back.
    public var event: SampleEvent
    /// The JSON input line (no trailing newline): `type`, `sample_id`, `occurred_at`, `event_id`
    /// when present, then the type's fields. See `InputLine`.
    public var inputLine: String

    public init(eventID: String?, event: SampleEvent, inputLine: String) {
        self.eventID = eventID; self.event = event; self.inputLine = inputLine
    }

    /// An event with its canonical input line.
    public init(eventID: String?, event: SampleEvent) {
        self.init(eventID: eventID, event: event, inputLine: InputLine.encode(event, eventID: eventID))
    }
}
