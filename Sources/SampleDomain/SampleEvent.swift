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

/// `sample.submitted`: a labelled crop was sent to Nyckel; the row comes into being.
public struct SampleSubmitted: Equatable, Sendable {
    public var imageURL: String
    public var imagePath: String
    public var label: String
    public var labelType: LabelType
    public var nyckelFunctionID: String?
    public var sourceScanID: String?
    public var regionName: String?
    public var cropData: CropData?
    public var imageWidth: Int64?
    public var imageHeight: Int64?
    public var fileSizeBytes: Int64?

    public init(imageURL: String, imagePath: String, label: String, labelType: LabelType,
                nyckelFunctionID: String? = nil, sourceScanID: String? = nil, regionName: String? = nil,
                cropData: CropData? = nil, imageWidth: Int64? = nil, imageHeight: Int64? = nil,
                fileSizeBytes: Int64? = nil) {
        self.imageURL = imageURL; self.imagePath = imagePath; self.label = label; self.labelType = labelType
        self.nyckelFunctionID = nyckelFunctionID; self.sourceScanID = sourceScanID; self.regionName = regionName
        self.cropData = cropData; self.imageWidth = imageWidth; self.imageHeight = imageHeight
        self.fileSizeBytes = fileSizeBytes
    }
}

/// `nyckel.responded`: Nyckel's answer to the latest submission.
public struct NyckelResponded: Equatable, Sendable {
    public var status: ResponseStatus
    public var nyckelSampleID: String?
    public var error: String?
    public init(status: ResponseStatus, nyckelSampleID: String? = nil, error: String? = nil) {
        self.status = status; self.nyckelSampleID = nyckelSampleID; self.error = error
    }
}

/// `nyckel.resubmitted`: the sample was sent to Nyckel again; its status returns to `submitted`.
public struct NyckelResubmitted: Equatable, Sendable {
    public var nyckelFunctionID: String?
    public init(nyckelFunctionID: String? = nil) { self.nyckelFunctionID = nyckelFunctionID }
}

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

/// `sample.deleted`: the row leaves the table; its history stays in the log.
public struct SampleDeleted: Equatable, Sendable {
    public var reason: String?
    public var actor: String?
    public init(reason: String? = nil, actor: String? = nil) { self.reason = reason; self.actor = actor }
}

/// What happened, with the fields of its type.
public enum EventBody: Equatable, Sendable {
    case submitted(SampleSubmitted)
    case responded(NyckelResponded)
    case resubmitted(NyckelResubmitted)
    case relabeled(SampleRelabeled)
    case deleted(SampleDeleted)

    public var type: EventType {
        switch self {
        case .submitted: .sampleSubmitted
        case .responded: .nyckelResponded
        case .resubmitted: .nyckelResubmitted
        case .relabeled: .sampleRelabeled
        case .deleted: .sampleDeleted
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
