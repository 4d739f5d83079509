/// How a request's body is delimited.
enum BodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked
}

/// Parses a request's head (request line and header fields) strictly, the way RFC 9112 asks a
/// server to: anything ambiguous is a 400, never a guess.
///
/// - The head must end (`CRLF CRLF`; a bare `LF` is accepted as a line end) within
///   `maxHeadBytes`, else 431.
/// - Request line: `METHOD SP origin-form-target SP HTTP/1.1` (or `HTTP/1.0`); another version
///   is 505.
/// - Field names are tokens; values hold no control character but HTAB; an obsolete line
///   folding (a line starting with a space) is refused.
/// - `Content-Length`: digits only, every copy equal, at most `maxBody` (else 413) — a negative,
///   garbled or absurd length is a 400. `Transfer-Encoding` must be exactly `chunked`, is refused
///   next to a `Content-Length` (request smuggling) and on HTTP/1.0.
/// - `Host`: required on HTTP/1.1, at most one, a valid `host[:port]` (`HostField`).
enum RequestHeadParser {
    enum Outcome {
        /// More bytes are needed.
        case incomplete
        /// The head, its body framing, and how many bytes of the buffer it took.
        case complete(HTTPRequest, BodyFraming, consumed: Int)
    }

    static let maxHeaderFields = 100

    /// Parses the head at the start of `bytes`.
    static func parse(_ bytes: ArraySlice<UInt8>, maxHeadBytes: Int, maxBody: Int) throws(HTTPProtocolError) -> Outcome {
        var start = bytes.startIndex
        // RFC 9112 2.2: ignore empty lines before the request line.
        while start < bytes.endIndex, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        guard let end = headEnd(bytes[start...]) else {
            if bytes.count > maxHeadBytes { throw HTTPProtocolError(status: 431, message: "the request head is over \(maxHeadBytes) bytes") }
            return .incomplete
        }
        if end.head.count > maxHeadBytes {
            throw HTTPProtocolError(status: 431, message: "the request head is over \(maxHeadBytes) bytes")
        }
        var lines = splitLines(end.head)
        guard !lines.isEmpty else { throw bad("empty request") }
        var request = try requestLine(lines.removeFirst())
        if lines.count > maxHeaderFields { throw HTTPProtocolError(status: 431, message: "more than \(maxHeaderFields) header fields") }
        for line in lines {
            request.headers.append(try field(line))
        }
        try HostField.check(request)
        let framing = try bodyFraming(request, maxBody: maxBody)
        return .complete(request, framing, consumed: end.consumed - bytes.startIndex)
    }

    /// The head's bytes (without the blank line) and the index just after the blank line.
    private static func headEnd(_ bytes: ArraySlice<UInt8>) -> (head: ArraySlice<UInt8>, consumed: Int)? {
        var i = bytes.startIndex
        while let lf = bytes[i...].firstIndex(of: 0x0A) {
            var next = lf + 1
            if next < bytes.endIndex, bytes[next] == 0x0D { next += 1 }
            guard next < bytes.endIndex else { return nil }
            if bytes[next] == 0x0A { return (bytes[bytes.startIndex..<lf], next + 1) }
            i = lf + 1
        }
        return nil
    }

    private static func splitLines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
    }

    private static func requestLine(_ line: ArraySlice<UInt8>) throws(HTTPProtocolError) -> HTTPRequest {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte) else {
            throw bad("malformed request line")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/") else { throw bad("malformed request line") }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPProtocolError(status: 505, message: "\(printable(version)) is not supported; use HTTP/1.1")
        }
        let targetBytes = parts[1]
        guard targetBytes.first == UInt8(ascii: "/"), targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw bad("the request target must be a path starting with '/'")
        }
        let target = String(decoding: targetBytes, as: UTF8.self)
        let path: Substring, queryText: Substring
        if let q = target.firstIndex(of: "?") {
            path = target[..<q]; queryText = target[target.index(after: q)...]
        } else {
            path = target[...]; queryText = ""
        }
        let cleanPath = path.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let queryPart = queryText.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let query = QueryString.parse(queryPart) else {
            // A value that is not UTF-8 (a label sent in Latin-1, say) names its parameter.
            guard let name = QueryString.malformedParameter(queryPart) else { throw bad("malformed percent-encoding in the query") }
            throw HTTPProtocolError(status: 400, message: "parameter '\(printable(name))': malformed percent-encoding or not UTF-8",
                                    parameter: name)
        }
        return HTTPRequest(method: String(decoding: parts[0], as: UTF8.self), target: target, path: String(cleanPath),
                           query: query, isHTTP11: version == "HTTP/1.1", headers: [])
    }

    private static func field(_ line: ArraySlice<UInt8>) throws(HTTPProtocolError) -> (name: String, value: String) {
        guard let first = line.first else { throw bad("empty header line") }
        if first == 0x20 || first == 0x09 { throw bad("obsolete line folding in the header is not accepted") }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw bad("a header line without ':'") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw bad("malformed header name") }
        var value = line[(colon + 1)...]
        while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
        while let l = value.last, l == 0x20 || l == 0x09 { value = value.dropLast() }
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw bad("control character in header \(String(decoding: name, as: UTF8.self))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private static func bodyFraming(_ request: HTTPRequest, maxBody: Int) throws(HTTPProtocolError) -> BodyFraming {
        let lengths = request.headers.filter { HTTPText.equalsLowercased($0.name, "content-length") }
            .flatMap { $0.value.split(separator: ",", omittingEmptySubsequences: false) }
            .map(HTTPText.trimmed)
        let encodings = request.headers.filter { HTTPText.equalsLowercased($0.name, "transfer-encoding") }.map(\.value)
        if !encodings.isEmpty {
            guard lengths.isEmpty else { throw bad("Content-Length and Transfer-Encoding together are refused") }
            guard request.isHTTP11 else { throw bad("Transfer-Encoding in an HTTP/1.0 request") }
            guard encodings.count == 1, HTTPText.equalsLowercased(encodings[0], "chunked") else {
                throw bad("Transfer-Encoding must be 'chunked'")
            }
            return .chunked
        }
        guard let first = lengths.first else { return .none }
        guard lengths.allSatisfy({ $0 == first }) else { throw bad("conflicting Content-Length values") }
        guard !first.isEmpty, first.utf8.count <= 18, first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(first) else {
            throw bad("Content-Length must be a decimal number of bytes, got '\(printable(first))'")
        }
        if n > maxBody { throw HTTPProtocolError(status: 413, message: "the body is \(n) bytes, over the \(maxBody)-byte limit") }
        return n == 0 ? .none : .length(n)
    }

    /// tchar of RFC 9110 5.6.2.
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }

    private static func bad(_ message: String) -> HTTPProtocolError { HTTPProtocolError(status: 400, message: message) }

    /// `text` cut to 64 characters with control characters escaped, for messages.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(64) {
            out += scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return out
    }
}
