import Foundation
import Testing

/// RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without `Host`, to any request
/// with two `Host` lines, and to a `Host` that is not `host[:port]`. The server took all three.
/// Each refusal names the header in the usual error body, closes the connection, and writes an
/// access-log line like every other protocol refusal; an HTTP/1.0 request may still omit `Host`.
@Suite("tslog serve: the Host header")
struct ServerHostHeaderTests {
    /// The response to `raw` on a new connection, and whether the server then closed it.
    static func exchange(_ raw: String, port: UInt16) throws -> (response: HTTPResult?, closed: Bool) {
        let client = try HTTPClient(port: port)
        defer { client.close() }
        client.send(raw)
        let response = try client.readResponse()
        return (response, client.isClosedByPeer())
    }

    /// Expects a 400 whose body names `Host`, on a closed connection.
    static func expectRefused(_ raw: String, port: UInt16, _ comment: String) throws {
        let (response, closed) = try exchange(raw, port: port)
        #expect(response?.status == 400, "\(comment): \(response?.status ?? 0) \(response?.text ?? "no response")")
        #expect(response?.json["header"] as? String == "Host", "\(comment): \(response?.text ?? "")")
        #expect((response?.json["error"] as? String)?.contains("Host") == true, "\(comment): \(response?.text ?? "")")
        #expect(closed, "\(comment) left the connection open")
    }

    @Test func anHTTP11RequestWithoutHostIs400NamingItAndAppendsNothing() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let body = ServerLines.submit(1, eventID: "e1")
        try Self.expectRefused("POST /v1/events HTTP/1.1\r\nAuthorization: Bearer \(ServerProcess.writeToken)\r\n"
                               + "Content-Length: \(body.utf8.count)\r\n\r\n" + body, port: server.port, "a POST without Host")
        try Self.expectRefused("GET /healthz HTTP/1.1\r\n\r\n", port: server.port, "a GET without Host")
        // Nothing was appended: the log's status still says seq 0.
        let status = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
        #expect(status.status == 200 && status.json["last_seq"] as? Int == 0, "\(status.text)")
        #expect(try server.stop() == 0)
        // One access-log line per refusal, as for every protocol refusal (no method or target).
        #expect(server.stderrText.components(separatedBy: " - - 400 ").count - 1 == 2, "\(server.stderrText)")
        #expect(try storedRecords(server.log).isEmpty)
    }

    @Test func twoHostLinesAre400OnEitherVersion() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        for version in ["HTTP/1.1", "HTTP/1.0"] {
            try Self.expectRefused("GET /healthz \(version)\r\nHost: a\r\nHost: a\r\n\r\n", port: server.port, "\(version), the same Host twice")
            try Self.expectRefused("GET /healthz \(version)\r\nHost: a\r\nhost: b\r\n\r\n", port: server.port, "\(version), two Hosts")
        }
        #expect(try server.stop() == 0)
    }

    @Test func anInvalidHostIs400() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        for host in ["a b", "[::1", "h:port", "[::1]x", "[::g]", "[]", "user@h", "h:80:80", "h/x", ":8080", "%zz", "h\u{e9}",
                     // A port names a TCP port: at most 5 digits, at most 65535.
                     "x:999999999999", "x:65536", "x:000080", "[::1]:99999", "x:-1", "x:+80"] {
            try Self.expectRefused("GET /healthz HTTP/1.1\r\nHost: \(host)\r\n\r\n", port: server.port, "Host: \(host)")
        }
        #expect(try server.stop() == 0)
    }

    @Test func aValidHostOrAnHTTP10RequestWithoutOneIsServed() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        // Never compared with the listen address: a proxy's name is as good as ours.
        let hosts = ["127.0.0.1:\(server.port)", "tslog.example", "TSLOG.example:8787", "[::1]", "[::1]:80", "[::ffff:1.2.3.4]",
                     "[v1.x:y]", "xn--bcher-kva.example", "h%41", "h:", "",
                     // A reg-name may hold sub-delims, "," too (RFC 3986 3.2.2): one odd host, not a list.
                     "a,b", "x:65535", "x:00080", "x:0"]
        for host in hosts {
            let (response, _) = try Self.exchange("GET /healthz HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n", port: server.port)
            #expect(response?.status == 200, "Host: \(host): \(response?.text ?? "no response")")
        }
        let (old, _) = try Self.exchange("GET /healthz HTTP/1.0\r\n\r\n", port: server.port)
        #expect(old?.status == 200 && old?.text == "ok\n", "HTTP/1.0 without Host: \(old?.text ?? "no response")")
        #expect(try server.stop() == 0)
    }
}
