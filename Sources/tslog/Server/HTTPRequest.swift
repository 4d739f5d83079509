/// One parsed HTTP/1.1 request: what the router and the handlers see.
struct HTTPRequest: Sendable {
    /// The method as sent (`GET`, `POST`, …); methods are case-sensitive.
    var method: String
    /// The request target as sent, e.g. `/v1/events?from_seq=3`.
    var target: String
    /// The target's path, not decoded: routes match it byte for byte.
    var path: String
    /// The query's parameters, percent-decoded (`+` is a space), in order.
    var query: [(name: String, value: String)]
    /// `HTTP/1.1` is true, `HTTP/1.0` false.
    var isHTTP11: Bool
    /// Header fields in order; names as sent (compare them with `header(_:)`).
    var headers: [(name: String, value: String)]
    /// The body, de-chunked; empty when there is none.
    var body: [UInt8] = []

    /// The value of the first header named `name` (lower case; matched case-insensitively), or nil.
    func header(_ name: String) -> String? {
        headers.first { HTTPText.equalsLowercased($0.name, name) }?.value
    }

    /// The last value of query parameter `name`, or nil.
    func parameter(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }

    /// Whether the client asked to keep the connection open after this request.
    var wantsKeepAlive: Bool {
        guard let connection = header("connection") else { return isHTTP11 }
        let tokens = connection.split(separator: ",").map(HTTPText.trimmed)
        if isHTTP11 { return !tokens.contains { HTTPText.equalsLowercased($0, "close") } }
        return tokens.contains { HTTPText.equalsLowercased($0, "keep-alive") }
    }
}

/// A request the server refuses at the protocol level: answered with `status` and the
/// connection is closed (the rest of what the client sent cannot be trusted to frame a request).
struct HTTPProtocolError: Error, Sendable {
    var status: Int
    var message: String
}
