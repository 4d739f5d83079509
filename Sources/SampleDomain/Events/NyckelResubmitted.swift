/// `nyckel.resubmitted`: the sample was sent to Nyckel again; its status returns to `submitted`.
public struct NyckelResubmitted: Equatable, Sendable {
    public var nyckelFunctionID: String?
    public init(nyckelFunctionID: String? = nil) { self.nyckelFunctionID = nyckelFunctionID }
}

extension NyckelResubmitted: EventPayload {
    static let eventType = EventType.nyckelResubmitted
    var body: EventBody { .resubmitted(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<NyckelResubmitted>(start: NyckelResubmitted(), [
        .optional("nyckel_function_id", .text(.text), \.nyckelFunctionID, fact: .functionID),
    ])
}
