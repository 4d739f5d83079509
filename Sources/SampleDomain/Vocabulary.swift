/// The closed vocabularies of the `training_samples` table. Raw values are the wire and SQL forms.

/// What a label describes: the table's `label_type` column.
public enum LabelType: String, CaseIterable, Sendable, Comparable {
    case defect, region, grade
    /// Byte-wise order of the raw values, as `COLLATE "C"` sorts them.
    public static func < (a: LabelType, b: LabelType) -> Bool { a.rawValue < b.rawValue }
}

/// Where a sample stands with Nyckel: the table's `nyckel_status` column.
public enum NyckelStatus: String, CaseIterable, Sendable, Comparable {
    case submitted, accepted, rejected, error
    public static func < (a: NyckelStatus, b: NyckelStatus) -> Bool { a.rawValue < b.rawValue }
}

/// What Nyckel answered: the statuses a `nyckel.responded` event may carry.
public enum ResponseStatus: String, CaseIterable, Sendable {
    case accepted, rejected, error
    /// The table status this response sets.
    public var nyckelStatus: NyckelStatus {
        switch self {
        case .accepted: .accepted
        case .rejected: .rejected
        case .error: .error
        }
    }
}

/// The event types, by their wire name (the record's `type`); each one's fields are declared in
/// `Sources/SampleDomain/Events/` (see "The schema, and adding an event type" in docs/events.md).
public enum EventType: String, CaseIterable, Sendable {
    case sampleSubmitted = "sample.submitted"
    case nyckelResponded = "nyckel.responded"
    case nyckelResubmitted = "nyckel.resubmitted"
    case sampleRelabeled = "sample.relabeled"
    case sampleDeleted = "sample.deleted"
    case imageFetched = "image.fetched"
    case imageFetchFailed = "image.fetch_failed"
    case sampleUpdated = "sample.updated"
}
