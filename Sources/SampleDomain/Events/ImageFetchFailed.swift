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

extension ImageFetchFailed: EventPayload {
    static let eventType = EventType.imageFetchFailed
    var body: EventBody { .imageFetchFailed(self) }

    /// Frozen (schema version 1): never reorder, rename or retype a field; see docs/events.md.
    static let schema = PayloadSchema<ImageFetchFailed>(start: ImageFetchFailed(url: "", reason: ""), [
        .required("url", .text(.requiredText), \.url),
        .required("reason", .text(.requiredText), \.reason),
        .optional("http_status", .integer, \.httpStatus),
    ])
}
