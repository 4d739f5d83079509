/// The sizes a `sample.submitted` or `sample.updated` gives the row — `image_width`,
/// `image_height`, `file_size_bytes` — as `EventFacts` carries them to the fold, which keeps
/// them in the row so that `tslog images check`'s mismatches (a recorded size that differs from
/// the stored image's) are known without reading a row back from the log.
///
/// A stored value is never negative (`PayloadReader.count`), so -1 stands for "not given".
public struct RecordedSizes: Sendable, Equatable {
    public var imageWidth: Int64 = -1
    public var imageHeight: Int64 = -1
    public var fileSizeBytes: Int64 = -1

    public init() {}

    /// Notes `value` for the size column among `columns` (the field's `sets` fact); any other
    /// column: nothing.
    @inline(__always)
    mutating func note(_ columns: SampleColumns, _ value: Int64) {
        if columns == .imageWidth { imageWidth = value }
        else if columns == .imageHeight { imageHeight = value }
        else if columns == .fileSizeBytes { fileSizeBytes = value }
    }
}
