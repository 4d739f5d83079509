/// A set of the `training_samples` metadata columns that `sample.updated` can change: what an
/// update's `clear` list holds, and which columns an update sets or clears.
///
/// Bits follow the table's column order. `image_url` and `image_path` are `NOT NULL` in the
/// table, so they can be set but never cleared (`clearable`).
public struct SampleColumns: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let imageURL = SampleColumns(rawValue: 1 << 0)
    public static let imagePath = SampleColumns(rawValue: 1 << 1)
    public static let nyckelFunctionID = SampleColumns(rawValue: 1 << 2)
    public static let nyckelSampleID = SampleColumns(rawValue: 1 << 3)
    public static let sourceScanID = SampleColumns(rawValue: 1 << 4)
    public static let regionName = SampleColumns(rawValue: 1 << 5)
    public static let cropData = SampleColumns(rawValue: 1 << 6)
    public static let imageWidth = SampleColumns(rawValue: 1 << 7)
    public static let imageHeight = SampleColumns(rawValue: 1 << 8)
    public static let fileSizeBytes = SampleColumns(rawValue: 1 << 9)

    /// Every column, in table order, with its name.
    public static let named: [(column: SampleColumns, name: String)] = [
        (.imageURL, "image_url"), (.imagePath, "image_path"), (.nyckelFunctionID, "nyckel_function_id"),
        (.nyckelSampleID, "nyckel_sample_id"), (.sourceScanID, "source_scan_id"), (.regionName, "region_name"),
        (.cropData, "crop_data"), (.imageWidth, "image_width"), (.imageHeight, "image_height"),
        (.fileSizeBytes, "file_size_bytes"),
    ]

    /// The columns that may be NULL in the table: the ones `clear` may name.
    public static let clearable: SampleColumns = [.nyckelFunctionID, .nyckelSampleID, .sourceScanID, .regionName,
                                                  .cropData, .imageWidth, .imageHeight, .fileSizeBytes]

    /// The columns a row reads back from the log (everything but the two Nyckel ids, which
    /// the table keeps itself).
    public static let wide: SampleColumns = [.imageURL, .imagePath, .sourceScanID, .regionName, .cropData,
                                             .imageWidth, .imageHeight, .fileSizeBytes]

    /// The column called `name`, or nil.
    public init?(name: String) {
        guard let found = Self.named.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
        self = found.column
    }

    /// The names of the columns in the set, in table order.
    public var names: [String] { Self.named.filter { contains($0.column) }.map(\.name) }
}
