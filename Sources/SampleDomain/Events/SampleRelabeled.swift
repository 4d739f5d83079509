/// `sample.relabeled`: a person corrected the label (and perhaps its type).
public struct SampleRelabeled: Equatable, Sendable {
    public var label: String
    /// The new label type; nil keeps the current one.
    public var labelType: LabelType?
    public var reason: String?
    public var actor: String?
    public init(label: String, labelType: LabelType? = nil, reason: String? = nil, actor: String? = nil) {
        self.label = label; self.labelType = labelType; self.reason = reason; self.actor = actor
    }
}

extension SampleRelabeled: EventPayload {
    static let eventType = EventType.sampleRelabeled
    var body: EventBody { .relabeled(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<SampleRelabeled>(start: SampleRelabeled(label: ""), [
        .required("label", .text(.label), \.label, fact: .label),
        .optional("label_type", .labelType, \.labelType, fact: .labelType),
        .optional("reason", .text(.text), \.reason),
        .optional("actor", .text(.text), \.actor),
    ])
}
