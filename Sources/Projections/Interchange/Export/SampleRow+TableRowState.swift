import EventLog
import SampleDomain

extension SampleRow {
    /// The row as `ImportPlan` compares it with an import file's row.
    public var tableRowState: TableRowState {
        TableRowState(id: id, createdAt: createdAt, fields: SampleSubmitted(
            imageURL: imageURL, imagePath: imagePath, label: label, labelType: labelType,
            nyckelFunctionID: nyckelFunctionID, sourceScanID: sourceScanID, regionName: regionName,
            cropData: cropData, imageWidth: imageWidth, imageHeight: imageHeight, fileSizeBytes: fileSizeBytes),
            nyckelSampleID: nyckelSampleID, status: status)
    }
}
