/// `sample.updated`: metadata columns of a row changed (a backfilled size, a fixed crop, a
/// moved `image_url`, …). Each given field sets its column; `clear` names the optional columns
/// that become NULL; a column neither given nor cleared stays as it was. Label and status keep
/// their own events (`sample.relabeled`, `nyckel.*`).
///
/// Why a `clear` list rather than `null` meaning "clear": everywhere else in tslog an explicit
/// `null` is the same as leaving a field out, and many JSON writers emit `null` for every unset
/// member. If `null` cleared a column, a client that sends only what changed, through such a
/// writer, would silently wipe every column it did not mention. With `clear`, wiping a column
/// takes naming it; a payload never stores `null`, so every decoder stays as it is.
public struct SampleUpdated: Equatable, Sendable {
    public var imageURL: String?
    public var imagePath: String?
    public var nyckelFunctionID: String?
    public var nyckelSampleID: String?
    public var sourceScanID: String?
    public var regionName: String?
    public var cropData: CropData?
    public var imageWidth: Int64?
    public var imageHeight: Int64?
    public var fileSizeBytes: Int64?
    /// The columns that become NULL; nil (never empty) when none do.
    public var clear: SampleColumns?
    public var reason: String?
    public var actor: String?

    public init(imageURL: String? = nil, imagePath: String? = nil, nyckelFunctionID: String? = nil,
                nyckelSampleID: String? = nil, sourceScanID: String? = nil, regionName: String? = nil,
                cropData: CropData? = nil, imageWidth: Int64? = nil, imageHeight: Int64? = nil,
                fileSizeBytes: Int64? = nil, clear: SampleColumns? = nil, reason: String? = nil, actor: String? = nil) {
        self.imageURL = imageURL; self.imagePath = imagePath; self.nyckelFunctionID = nyckelFunctionID
        self.nyckelSampleID = nyckelSampleID; self.sourceScanID = sourceScanID; self.regionName = regionName
        self.cropData = cropData; self.imageWidth = imageWidth; self.imageHeight = imageHeight
        self.fileSizeBytes = fileSizeBytes; self.clear = clear; self.reason = reason; self.actor = actor
    }

    /// The columns the update gives a value.
    public var sets: SampleColumns {
        var c: SampleColumns = []
        if imageURL != nil { c.insert(.imageURL) }
        if imagePath != nil { c.insert(.imagePath) }
        if nyckelFunctionID != nil { c.insert(.nyckelFunctionID) }
        if nyckelSampleID != nil { c.insert(.nyckelSampleID) }
        if sourceScanID != nil { c.insert(.sourceScanID) }
        if regionName != nil { c.insert(.regionName) }
        if cropData != nil { c.insert(.cropData) }
        if imageWidth != nil { c.insert(.imageWidth) }
        if imageHeight != nil { c.insert(.imageHeight) }
        if fileSizeBytes != nil { c.insert(.fileSizeBytes) }
        return c
    }

    /// The columns the update sets or clears.
    public var changes: SampleColumns { sets.union(clear ?? []) }

    /// The first reason the update is not one: it changes nothing, or it both sets and clears
    /// a column. (The `clear` list itself is checked when read: known, clearable, no repeats.)
    public var refusal: (field: String?, message: String)? {
        if changes.isEmpty {
            return (nil, "sample.updated changes nothing: give at least one of "
                    + orList(SampleColumns.named.map(\.name) + ["clear"]))
        }
        if let both = sets.intersection(clear ?? []).names.first {
            return ("clear", "names \(both), which the same event sets")
        }
        return nil
    }

    /// The columns of `row` after the update: each given field set, each cleared one NULL.
    /// `row` holds a row's columns as a `sample.submitted` would (the label fields are untouched).
    public func apply(to row: inout SampleSubmitted, nyckelSampleID: inout String?) {
        let clear = self.clear ?? []
        if let v = imageURL { row.imageURL = v }
        if let v = imagePath { row.imagePath = v }
        if let v = self.nyckelFunctionID { row.nyckelFunctionID = v } else if clear.contains(.nyckelFunctionID) { row.nyckelFunctionID = nil }
        if let v = self.nyckelSampleID { nyckelSampleID = v } else if clear.contains(.nyckelSampleID) { nyckelSampleID = nil }
        if let v = sourceScanID { row.sourceScanID = v } else if clear.contains(.sourceScanID) { row.sourceScanID = nil }
        if let v = regionName { row.regionName = v } else if clear.contains(.regionName) { row.regionName = nil }
        if let v = cropData { row.cropData = v } else if clear.contains(.cropData) { row.cropData = nil }
        if let v = imageWidth { row.imageWidth = v } else if clear.contains(.imageWidth) { row.imageWidth = nil }
        if let v = imageHeight { row.imageHeight = v } else if clear.contains(.imageHeight) { row.imageHeight = nil }
        if let v = fileSizeBytes { row.fileSizeBytes = v } else if clear.contains(.fileSizeBytes) { row.fileSizeBytes = nil }
    }
}

extension SampleUpdated: EventPayload {
    static let eventType = EventType.sampleUpdated
    var body: EventBody { .updated(self) }
    /// It must change something, and may not both set and clear a column (`refusal`).
    static var hasRuleAcrossFields: Bool { true }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<SampleUpdated>(start: SampleUpdated(), [
        .optional("image_url", .text(.requiredText), \.imageURL, fact: .sets(.imageURL)),
        .optional("image_path", .text(.requiredText), \.imagePath, fact: .sets(.imagePath)),
        .optional("nyckel_function_id", .text(.text), \.nyckelFunctionID, fact: .functionID),
        .optional("nyckel_sample_id", .text(.text), \.nyckelSampleID, fact: .sets(.nyckelSampleID)),
        .optional("source_scan_id", .text(.text), \.sourceScanID, fact: .sets(.sourceScanID)),
        .optional("region_name", .text(.text), \.regionName, fact: .sets(.regionName)),
        .optional("crop_data", .crop, \.cropData, fact: .sets(.cropData)),
        .optional("image_width", .integer, \.imageWidth, fact: .sets(.imageWidth)),
        .optional("image_height", .integer, \.imageHeight, fact: .sets(.imageHeight)),
        .optional("file_size_bytes", .bigInteger, \.fileSizeBytes, fact: .sets(.fileSizeBytes)),
        .optional("clear", .columns, \.clear, fact: .clears),
        .optional("reason", .text(.text), \.reason),
        .optional("actor", .text(.text), \.actor),
    ])
}
