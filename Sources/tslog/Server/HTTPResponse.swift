import EventLog

/// A complete response: status, header fields, body. `ResponseWriter` adds the framing headers.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    init(status: Int, contentType: String? = nil, body: [UInt8] = [], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
        if let contentType { self.headers.insert(("Content-Type", contentType), at: 0) }
    }

    static let jsonType = "application/json"
    static let ndjsonType = "application/x-ndjson"

    /// A JSON body.
    static func json(_ status: Int, _ writer: JSONWriter, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        var body = writer.bytes
        body.append(0x0A)
        return HTTPResponse(status: status, contentType: jsonType, body: body, headers: headers)
    }

    /// `{"error":"message"}`: every refusal names what was wrong; `{"error":…,"parameter":…}`
    /// when a query parameter was, as the read endpoints answer; `{"error":…,"header":…}` when a
    /// header field was.
    static func error(_ status: Int, _ message: String, parameter: String? = nil, header: String? = nil,
                      headers: [(name: String, value: String)] = []) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("error"); w.string(message)
        if let parameter { w.key("parameter"); w.string(parameter) }
        if let header { w.key("header"); w.string(header) }
        w.endObject()
        return json(status, w, headers: headers)
    }

    /// A handler's unexpected error: 507 when the log's storage ran out (ENOSPC, EDQUOT, EFBIG:
    /// nothing of the request was stored, and the same request succeeds once there is room, no
    /// restart needed); 503 with `Retry-After: 1` when the process ran out of file descriptors
    /// (EMFILE, ENFILE: e.g. creating a segment at the limit; nothing stored, and the same
    /// request succeeds once connections close), as a connection refused at the limit is
    /// answered; else 500. The body is `{"error": …}` naming the call and errno either way.
    static func failure(_ error: Error) -> HTTPResponse {
        let shortage = switch error {
        case let error as LogError: error.shortage
        case let error as SystemCallError: error.errno.shortage
        default: Errno.Shortage?.none
        }
        switch shortage {
        case .storage, .fileSizeLimit: return .error(507, "\(error)")
        case .descriptors: return .error(503, "\(outOfDescriptors): \(error)", headers: [("Retry-After", "1")])
        case nil: return .error(500, "\(error)")
        }
    }

    /// The start of every 503 for want of descriptors (a refused connection's whole message).
    static let outOfDescriptors = "the server is out of file descriptors"

    /// The reason phrase of the statuses this server sends.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        case 507: "Insufficient Storage"
        default: "Status \(status)"
        }
    }
}

/// Serialises responses: the status line, the handler's fields, then `Date`, `Content-Length`
/// and `Connection`, which only the writer sets.
enum ResponseWriter {
    /// The bytes of `response`, ready to send. `keepAlive` false adds `Connection: close`.
    /// A 204 or 304 has no `Content-Length` (RFC 9110 8.6: a 304's would have to be the length
    /// of the 200 it stands for, not 0) and never a body.
    static func bytes(_ response: HTTPResponse, keepAlive: Bool, headOnly: Bool = false) -> [UInt8] {
        var out = head(status: response.status, headers: response.headers)
        if response.status != 204 && response.status != 304 { out += "Content-Length: \(response.body.count)\r\n".utf8 }
        out += (keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n").utf8
        if !headOnly { out += response.body }
        return out
    }

    /// The status line, `headers` and `Date` (`ResponseDate`: every response carries it, an
    /// event stream's head and a refusal too), not yet ended by the blank line.
    static func head(status: Int, headers: [(name: String, value: String)]) -> [UInt8] {
        var out = Array("HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n".utf8)
        out.reserveCapacity(256)
        for (name, value) in headers {
            out += name.utf8
            out += ": ".utf8
            // A value never carries CR or LF (response splitting): handlers pass our own text,
            // but be certain.
            out += value.utf8.map { $0 == 0x0D || $0 == 0x0A ? 0x20 : $0 }
            out += "\r\n".utf8
        }
        out += ResponseDate.shared.headerLine()
        return out
    }
}
