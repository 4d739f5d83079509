/// The image formats tslog stores: the `format` of `image.fetched` (a frozen wire vocabulary).
public enum ImageFormat: String, CaseIterable, Sendable {
    case png = "png"
    case jpeg = "jpeg"
    case webp = "webp"
    case gif = "gif"

    /// The file extension a dataset export gives the image (`jpg` for JPEG).
    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        case .gif: "gif"
        }
    }
}

/// What an image's own header says: its format and pixel size (EXIF orientation not applied).
public struct ImageInfo: Equatable, Sendable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format; self.width = width; self.height = height
    }
}

/// Why bytes were not accepted as an image; `description` is the `reason` a fetch failure records.
public struct ImageHeaderError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
