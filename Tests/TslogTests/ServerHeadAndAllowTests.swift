import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `HEAD` is answered as the `GET` of its target without the body (RFC 9110 9.3.2), and every
/// 405 names the methods its path takes in `Allow` (15.5.6). `HEAD /healthz` — what load
/// balancers probe with — was a 401 (no route took HEAD, so it was not the open route), `HEAD`
/// on a read endpoint a 405, and the read endpoints' 405 had no `Allow`.
@Suite("tslog serve: HEAD and Allow")
struct ServerHeadAndAllowTests {
    /// Everything the server sends on a new connection for `requests` until it closes.
    static func exchange(_ port: UInt16, _ requests: String) throws -> String {
        let client = try HTTPClient(port: port, receiveTimeout: 5)
        defer { client.close() }
        client.send(requests)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += chunk[..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test func headIsAGetWithoutItsBodyAnd405NamesTheMethods() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)

        // Open, no token; the GET pipelined behind it is framed right: no body was sent.
        let health = try Self.exchange(server.port, "HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n"
        #expect(health.components(separatedBy: "\r\nDate: ").count == 3, "\(health)")
        let undated = health.replacingOccurrences(of: #"Date: [^\r]*\r\n"#, with: "", options: .regularExpression)
        #expect(undated == head + "Connection: keep-alive\r\n\r\n" + head + "Connection: close\r\n\r\nok\n")

        // A read endpoint: GET's status and fields (its Content-Length too), no body.
        let get = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
        let status = try Self.exchange(server.port, "HEAD /v1/status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\nConnection: close\r\n\r\n")
        #expect(status.hasPrefix("HTTP/1.1 200 OK\r\n") && status.hasSuffix("\r\n\r\n"), "\(status)")
        #expect(status.contains("Content-Length: \(get.body.count)\r\n") && status.contains("X-Tslog-Seq: 1\r\n"), "\(status)")
        // The event stream: its head, then the connection is closed.
        let stream = try Self.exchange(server.port, "HEAD /v1/events/stream HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        #expect(stream.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n") && stream.hasSuffix("Connection: close\r\n\r\n"), "\(stream)")
        // A HEAD still needs a token where a GET does.
        #expect(try Self.exchange(server.port, "HEAD /v1/status HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 401 "))

        // 405: the server's own routes and the read endpoints both say what the path takes.
        for (method, path, allow) in [("DELETE", "/v1/events", "POST, GET"), ("POST", "/v1/status", "GET"),
                                      ("PUT", "/v1/query/overall", "GET"), ("DELETE", "/v1/tags", "GET, POST")] {
            let r = try server.request(method, path)
            #expect(r.status == 405 && r.headers["allow"] == allow, "\(method) \(path): \(r.headers) \(r.text)")
            #expect((r.json["error"] as? String)?.hasSuffix("use \(allow)") == true, "\(method) \(path): \(r.text)")
        }
        #expect(try server.stop() == 0)
    }
}
