import EventLog

/// The `Host` rule of RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without a
/// `Host`, to any request with more than one `Host` line, and to a `Host` whose value is invalid.
///
/// A valid value is RFC 3986's `host [ ":" port ]`: a reg-name (which covers an IPv4 address:
/// unreserved characters, sub-delims, `%XX`), or an IP-literal in brackets (an IPv6 address, or
/// an `IPvFuture`), then optionally `:` and a port. A value that is empty as a whole is
/// accepted: RFC 9110 7.2 has a client send an empty `Host` for a target URI without an
/// authority. An empty host before a port (`:8080`) is refused: an `http` URI never has an
/// empty host (RFC 9110 4.2.1). An HTTP/1.0 request may omit `Host`.
///
/// A comma is accepted: RFC 3986 3.2.2 lets a reg-name hold sub-delims, "," among them, and
/// does not limit a reg-name to DNS names, so `Host: a,b` is one (odd) host, not a list. It
/// cannot be two Host lines joined either: RFC 9110 7.2 defines Host as one `uri-host [":"
/// port]`, not a `#list`, and 5.3 lets a recipient join field lines only for list fields (two
/// Host lines are refused above; a joined "a, b" has a space, which no host holds).
///
/// The port is RFC 3986 3.2.3's `*DIGIT` as far as it can name one: empty (`h:`, which RFC
/// 3986 allows and says to treat as absent) or at most 5 digits of value at most 65535, the
/// TCP port range (RFC 9293 3.1: 16 bits). A longer run of digits (`x:999999999999`) names no
/// port a client can have connected to.
///
/// The value is never compared with the address the server listens on: behind a proxy or a
/// load balancer the name the client used is not ours to know.
enum HostField {
    /// Throws the 400, naming the header, unless `request`'s `Host` lines obey the rule.
    static func check(_ request: HTTPRequest) throws(HTTPProtocolError) {
        let values = request.headers.filter { HTTPText.equalsLowercased($0.name, "host") }.map(\.value)
        switch values.count {
        case 0:
            guard !request.isHTTP11 else { throw bad("an HTTP/1.1 request must have a Host header") }
        case 1:
            guard isValid(values[0]) else {
                throw bad("invalid Host header '\(RequestHeadParser.printable(values[0]))': expected host[:port]")
            }
        default:
            throw bad("more than one Host header")
        }
    }

    /// Whether `value` is `host [ ":" port ]` of RFC 3986, or empty (see above).
    static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        if bytes.isEmpty { return true }
        let hostEnd: Int
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                  isIPLiteralContent(bytes[1..<close]) else { return false }
            hostEnd = close + 1
        } else {
            hostEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
            guard hostEnd > 0, isRegName(bytes[0..<hostEnd]) else { return false }
        }
        guard hostEnd < bytes.count else { return true }
        guard bytes[hostEnd] == UInt8(ascii: ":") else { return false }
        return isPort(bytes[(hostEnd + 1)...])
    }

    /// Empty, or 1 to 5 digits of value at most 65535 (see above).
    private static func isPort(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count <= 5, bytes.allSatisfy(isDigit) else { return false }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 65535
    }

    /// `*( unreserved / pct-encoded / sub-delims )`.
    private static func isRegName(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(c) || isSubDelim(c) else { return false }
            i += 1
        }
        return true
    }

    /// What stands between the brackets: an IPv6 address (`SocketAddress.isIPv6Address`), or
    /// `IPvFuture` = `"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    private static func isIPLiteralContent(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            let rest = bytes.dropFirst()
            guard let dot = rest.firstIndex(of: UInt8(ascii: ".")), dot > rest.startIndex,
                  rest[rest.startIndex..<dot].allSatisfy(isHexDigit) else { return false }
            let tail = rest[(dot + 1)...]
            return !tail.isEmpty && tail.allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") }
        }
        guard !bytes.isEmpty, bytes.count <= 45,
              bytes.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
        return SocketAddress.isIPv6Address(String(decoding: bytes, as: UTF8.self))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f"))
    }

    /// `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
    private static func isUnreserved(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || "-._~".utf8.contains(c)
    }

    /// `"!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
    private static func isSubDelim(_ c: UInt8) -> Bool { "!$&'()*+,;=".utf8.contains(c) }

    private static func bad(_ message: String) -> HTTPProtocolError {
        HTTPProtocolError(status: 400, message: message, header: "Host")
    }
}
