import EventLog

/// One HTTP request as the read routes see it: the transport (sockets, HTTP parsing, tokens)
/// is the server's; this is what is left once it has done its part.
struct ReadRequest: Sendable {
    /// `GET` or `POST` (upper case, as received).
    var method: String
    /// The path without the query, exactly as received (`/v1/query/labels`); never a file name.
    var path: String
    /// The query's parameters in order, names and values already percent-decoded.
    var query: [(String, String)]
    /// The request body (empty for a GET).
    var body: [UInt8]
    /// Who authenticated (the token's NAME); nil when unknown. Writes record it.
    var actor: String?

    init(method: String, path: String, query: [(String, String)] = [], body: [UInt8] = [], actor: String? = nil) {
        self.method = method; self.path = path; self.query = query; self.body = body; self.actor = actor
    }
}

/// What a read route answers. The server adds the transport's headers, among them
/// `X-Tslog-Seq: <seq>` and an `ETag` made from it.
struct ReadResponse: Sendable, Equatable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    /// The log position the body reflects: every record through this seq, none after it.
    var seq: UInt64
    /// For a 405: the methods the path takes (`GET, POST`), sent as the `Allow` header.
    var allow: String? = nil
    /// For a 503 for want of descriptors: seconds to wait, sent as the `Retry-After` header.
    var retryAfter: String? = nil

    static let jsonType = "application/json"

    /// A JSON error body `{"error":MESSAGE}` plus any extra members, keys in the order given.
    static func error(_ status: Int, _ message: String, seq: UInt64, extra: [(String, ReadJSON)] = []) -> ReadResponse {
        var w = JSONWriter(capacity: 64 + message.utf8.count)
        w.beginObject()
        w.key("error"); w.string(message)
        for (key, value) in extra {
            w.key(key)
            value.write(to: &w)
        }
        w.endObject()
        w.raw([10])
        return ReadResponse(status: status, contentType: jsonType, body: w.bytes, seq: seq)
    }
}

/// A value in a small JSON body the routes write themselves.
enum ReadJSON {
    case string(String)
    case strings([String])
    case uint(UInt64)
    case null

    func write(to w: inout JSONWriter) {
        switch self {
        case .string(let s): w.string(s)
        case .strings(let list):
            w.beginArray()
            for s in list { w.string(s) }
            w.endArray()
        case .uint(let n): w.uint(n)
        case .null: w.null()
        }
    }
}
