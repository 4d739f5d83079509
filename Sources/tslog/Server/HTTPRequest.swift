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

    /// Refuses (400, naming it) a query parameter that is not one of `known` or is given twice,
    /// as the read endpoints and the CLI refuse an unknown or repeated option: a misspelt
    /// `skip_invalid` or `sample_id` must not silently change what the request does.
    func checkParameters(_ known: [String]) throws(HTTPProtocolError) {
        var seen: Set<String> = []
        for (name, _) in query {
            let shown = RequestHeadParser.printable(name)
            guard known.contains(name) else {
                throw HTTPProtocolError(status: 400, message: "unknown parameter '\(shown)'" + (known.isEmpty
                    ? "; this endpoint takes none" : "; expected one of: \(known.joined(separator: ", "))"), parameter: name)
            }
            guard seen.insert(name).inserted else {
                throw HTTPProtocolError(status: 400, message: "parameter '\(shown)' was given more than once", parameter: name)
            }
        }
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
    /// The query parameter at fault, when one is: the body names it as `parameter`.
    var parameter: String? = nil
    /// The header field at fault, when one is (`Host`): the body names it as `header`.
    var header: String? = nil
}
