import EventLog
import SampleDomain

/// One row of the `training_samples` table, as the events have built it so far.
///
/// Column for column what the app's PostgreSQL table holds; optional columns are nil where the
/// table would hold NULL. `ProjectionSet.row(_:)` rebuilds it from the compact stored form.
public struct SampleRow: Equatable, Sendable {
    /// `id uuid`: the sample's id.
    public var id: SampleID
    /// `created_at`: the `occurred_at` of the `sample.submitted` event.
    public var createdAt: Timestamp
    public var imageURL: String
    public var imagePath: String
    public var label: String
    public var labelType: LabelType
    /// The Nyckel function the sample was last sent to.
    public var nyckelFunctionID: String?
    /// The id Nyckel returned, once it has answered.
    public var nyckelSampleID: String?
    public var status: NyckelStatus
    public var sourceScanID: String?
    public var regionName: String?
    public var cropData: CropData?
    public var imageWidth: Int64?
    public var imageHeight: Int64?
    public var fileSizeBytes: Int64?

    public init(id: SampleID, createdAt: Timestamp, imageURL: String, imagePath: String, label: String,
                labelType: LabelType, nyckelFunctionID: String? = nil, nyckelSampleID: String? = nil,
                status: NyckelStatus = .submitted, sourceScanID: String? = nil, regionName: String? = nil,
                cropData: CropData? = nil, imageWidth: Int64? = nil, imageHeight: Int64? = nil,
                fileSizeBytes: Int64? = nil) {
        self.id = id; self.createdAt = createdAt; self.imageURL = imageURL; self.imagePath = imagePath
        self.label = label; self.labelType = labelType; self.nyckelFunctionID = nyckelFunctionID
        self.nyckelSampleID = nyckelSampleID; self.status = status; self.sourceScanID = sourceScanID
        self.regionName = regionName; self.cropData = cropData; self.imageWidth = imageWidth
        self.imageHeight = imageHeight; self.fileSizeBytes = fileSizeBytes
    }
}

extension SampleRow {
    /// The row a `sample.submitted` event creates: status `submitted`, no Nyckel sample id yet.
    public init(id: SampleID, createdAt: Timestamp, submitted s: SampleSubmitted) {
        self.init(id: id, createdAt: createdAt, imageURL: s.imageURL, imagePath: s.imagePath, label: s.label,
                  labelType: s.labelType, nyckelFunctionID: s.nyckelFunctionID, status: .submitted,
                  sourceScanID: s.sourceScanID, regionName: s.regionName, cropData: s.cropData,
                  imageWidth: s.imageWidth, imageHeight: s.imageHeight, fileSizeBytes: s.fileSizeBytes)
    }
}
