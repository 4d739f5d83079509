/// `image.fetched`: the sample's image was downloaded and stored; its facts come from the
/// stored bytes (SHA-256, size) and the image's own header (format, width, height), never from
/// the server, except `content_type`, which is what the server said.
public struct ImageFetched: Equatable, Sendable {
    public var url: String
    /// The blob's name in the image store: 64 lowercase hex digits.
    public var sha256: String
    public var bytes: Int64
    public var format: ImageFormat
    public var width: Int64
    public var height: Int64
    /// The response's `Content-Type`, when it had one.
    public var contentType: String?

    public init(url: String, sha256: String, bytes: Int64, format: ImageFormat, width: Int64, height: Int64,
                contentType: String? = nil) {
        self.url = url; self.sha256 = sha256; self.bytes = bytes; self.format = format
        self.width = width; self.height = height; self.contentType = contentType
    }
}

extension ImageFetched: EventPayload {
    static let eventType = EventType.imageFetched
    var body: EventBody { .imageFetched(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<ImageFetched>(
        start: ImageFetched(url: "", sha256: "", bytes: 0, format: .png, width: 0, height: 0), [
        .required("url", .text(.requiredText), \.url),
        .required("sha256", .text(.sha256), \.sha256),
        .required("bytes", .bigInteger, \.bytes),
        .required("format", .imageFormat, \.format),
        .required("width", .integer, \.width),
        .required("height", .integer, \.height),
        .optional("content_type", .text(.text), \.contentType),
    ])
}
