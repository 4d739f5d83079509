/// The type fields of each event, read in payload order.
extension FieldReader {
    /// PostgreSQL `integer`'s largest value: the bound for `image_width` and `image_height`.
    static let int32Max: Int64 = 2_147_483_647

    func body() throws(InputError) -> EventBody {
        switch type {
        case .sampleSubmitted:
            let imageURL = try requiredString("image_url", .requiredText)
            let imagePath = try requiredString("image_path", .requiredText)
            let label = try requiredString("label", .label)
            let labelType = try labelType(try required("label_type"))
            return .submitted(SampleSubmitted(
                imageURL: imageURL, imagePath: imagePath, label: label, labelType: labelType,
                nyckelFunctionID: try optionalString("nyckel_function_id", .text),
                sourceScanID: try optionalString("source_scan_id", .text),
                regionName: try optionalString("region_name", .text),
                cropData: try optionalCrop(),
                imageWidth: try optionalCount("image_width", maximum: FieldReader.int32Max, note: " (PostgreSQL integer)"),
                imageHeight: try optionalCount("image_height", maximum: FieldReader.int32Max, note: " (PostgreSQL integer)"),
                fileSizeBytes: try optionalCount("file_size_bytes")))
        case .nyckelResponded:
            let status = try status()
            return .responded(NyckelResponded(
                status: status,
                nyckelSampleID: try optionalString("nyckel_sample_id", .text),
                error: try optionalString("error", .text)))
        case .nyckelResubmitted:
            return .resubmitted(NyckelResubmitted(nyckelFunctionID: try optionalString("nyckel_function_id", .text)))
        case .sampleRelabeled:
            let label = try requiredString("label", .label)
            var labelType: LabelType? = nil
            if let value = optional("label_type") { labelType = try self.labelType(value) }
            return .relabeled(SampleRelabeled(
                label: label, labelType: labelType,
                reason: try optionalString("reason", .text),
                actor: try optionalString("actor", .text)))
        case .sampleDeleted:
            return .deleted(SampleDeleted(
                reason: try optionalString("reason", .text),
                actor: try optionalString("actor", .text)))
        }
    }
}
