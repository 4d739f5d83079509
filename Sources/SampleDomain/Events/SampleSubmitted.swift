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

extension SampleSubmitted: EventPayload {
    static let eventType = EventType.sampleSubmitted
    var body: EventBody { .submitted(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<SampleSubmitted>(
        start: SampleSubmitted(imageURL: "", imagePath: "", label: "", labelType: .defect), [
        .required("image_url", .text(.requiredText), \.imageURL),
        .required("image_path", .text(.requiredText), \.imagePath),
        .required("label", .text(.label), \.label, fact: .label),
        .required("label_type", .labelType, \.labelType, fact: .labelType),
        .optional("nyckel_function_id", .text(.text), \.nyckelFunctionID, fact: .functionID),
        .optional("source_scan_id", .text(.text), \.sourceScanID, fact: .hasScan),
        .optional("region_name", .text(.text), \.regionName),
        .optional("crop_data", .crop, \.cropData, fact: .hasCrop),
        .optional("image_width", .integer, \.imageWidth, fact: .sets(.imageWidth)),
        .optional("image_height", .integer, \.imageHeight, fact: .sets(.imageHeight)),
        .optional("file_size_bytes", .bigInteger, \.fileSizeBytes, fact: .sets(.fileSizeBytes)),
    ])
}
