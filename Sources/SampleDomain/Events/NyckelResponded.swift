/// `nyckel.responded`: Nyckel's answer to the latest submission.
public struct NyckelResponded: Equatable, Sendable {
    public var status: ResponseStatus
    public var nyckelSampleID: String?
    public var error: String?
    public init(status: ResponseStatus, nyckelSampleID: String? = nil, error: String? = nil) {
        self.status = status; self.nyckelSampleID = nyckelSampleID; self.error = error
    }
}

extension NyckelResponded: EventPayload {
    static let eventType = EventType.nyckelResponded
    var body: EventBody { .responded(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<NyckelResponded>(start: NyckelResponded(status: .accepted), [
        .required("status", .status, \.status, fact: .status),
        .optional("nyckel_sample_id", .text(.text), \.nyckelSampleID, fact: .setsNyckelSampleID),
        .optional("error", .text(.text), \.error),
    ])
}
