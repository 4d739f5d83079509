/// `sample.deleted`: the row leaves the table; its history stays in the log.
public struct SampleDeleted: Equatable, Sendable {
    public var reason: String?
    public var actor: String?
    public init(reason: String? = nil, actor: String? = nil) { self.reason = reason; self.actor = actor }
}

extension SampleDeleted: EventPayload {
    static let eventType = EventType.sampleDeleted
    var body: EventBody { .deleted(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<SampleDeleted>(start: SampleDeleted(), [
        .optional("reason", .text(.text), \.reason),
        .optional("actor", .text(.text), \.actor),
    ])
}
