import EventLog

/// Crop coordinates within the scanned image: the table's `crop_data` object.
public struct CropData: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
}

/// What happened, with the fields of its type (each type's struct and payload declaration is
/// in `Sources/SampleDomain/Events/`).
public enum EventBody: Equatable, Sendable {
    case submitted(SampleSubmitted)
    case responded(NyckelResponded)
    case resubmitted(NyckelResubmitted)
    case relabeled(SampleRelabeled)
    case deleted(SampleDeleted)
    case imageFetched(ImageFetched)
    case imageFetchFailed(ImageFetchFailed)
    case updated(SampleUpdated)

    public var type: EventType {
        switch self {
        case .submitted: .sampleSubmitted
        case .responded: .nyckelResponded
        case .resubmitted: .nyckelResubmitted
        case .relabeled: .sampleRelabeled
        case .deleted: .sampleDeleted
        case .imageFetched: .imageFetched
        case .imageFetchFailed: .imageFetchFailed
        case .updated: .sampleUpdated
        }
    }

    /// The body's fields as their declared payload type.
    var payload: any EventPayload {
        switch self {
        case .submitted(let p): p
        case .responded(let p): p
        case .resubmitted(let p): p
        case .relabeled(let p): p
        case .deleted(let p): p
        case .imageFetched(let p): p
        case .imageFetchFailed(let p): p
        case .updated(let p): p
        }
    }
}

extension EventType {
    /// The payload type (and so the declaration) of records of this type.
    var payloadType: any EventPayload.Type {
        switch self {
        case .sampleSubmitted: SampleSubmitted.self
        case .nyckelResponded: NyckelResponded.self
        case .nyckelResubmitted: NyckelResubmitted.self
        case .sampleRelabeled: SampleRelabeled.self
        case .sampleDeleted: SampleDeleted.self
        case .imageFetched: ImageFetched.self
        case .imageFetchFailed: ImageFetchFailed.self
        case .sampleUpdated: SampleUpdated.self
        }
    }
}

/// One domain event: which sample, when it happened, and what happened.
public struct SampleEvent: Equatable, Sendable {
    public var sampleID: SampleID
    /// When it happened in the app (`occurred_at`), normalised to UTC microseconds.
    public var occurredAt: Timestamp
    public var body: EventBody
    public init(sampleID: SampleID, occurredAt: Timestamp, body: EventBody) {
        self.sampleID = sampleID; self.occurredAt = occurredAt; self.body = body
    }
}
