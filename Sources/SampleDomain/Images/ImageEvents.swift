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

/// `image.fetch_failed`: the sample's image could not be fetched, or was refused.
public struct ImageFetchFailed: Equatable, Sendable {
    public var url: String
    /// Why, in words (`http 404`, `timeout (after 3 attempts)`, `not an image (…)`, …).
    public var reason: String
    /// The HTTP status, when the server answered with one.
    public var httpStatus: Int64?

    public init(url: String, reason: String, httpStatus: Int64? = nil) {
        self.url = url; self.reason = reason; self.httpStatus = httpStatus
    }
}
