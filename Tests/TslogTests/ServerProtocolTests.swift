import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `tslog serve` refuses what is not a well-formed request with the status RFC 9112 asks for,
/// and authenticates every endpoint but `/healthz`. One server, real sockets.
@Suite("tslog serve: protocol and authentication")
struct ServerProtocolTests {
    @Test func everyRefusalHasItsStatus() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--max-body", "4096", "--read-timeout", "1"])

        // Open and authenticated routes.
        #expect(try server.request("GET", "/healthz", token: nil).status == 200)
        #expect(try server.request("GET", "/v1/events", token: nil).status == 401)
        let unknown = try server.request("GET", "/v1/events", token: "not-a-token-at-all-xx")
        #expect(unknown.status == 401)
        #expect(unknown.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try server.request("GET", "/v1/events", token: nil, headers: ["Authorization: Basic YWJj"]).status == 401)
        let readOnly = try server.request("POST", "/v1/events", token: ServerProcess.readToken, body: ServerLines.submit(1))
        #expect(readOnly.status == 403)
        #expect(try server.request("GET", "/v1/events", token: ServerProcess.readToken).status == 200)
        // Paths match exactly: no prefix, no decoding, no file. (`/` is the desk since issue 21.)
        for path in ["/v1/events/", "/v1/Events", "/v1/%65vents", "/v1/../v1/events", "/../../etc/passwd", "/index.html"] {
            #expect(try server.request("GET", path).status == 404, "\(path)")
        }
        let wrongMethod = try server.request("DELETE", "/v1/events")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"]?.contains("POST") == true)

        // Bodies: 201, 422 with the problems, 400 for a malformed array, 413 over --max-body.
        let created = try server.request("POST", "/v1/events", body: ServerLines.submit(1, eventID: "e1"))
        #expect(created.status == 201, "\(created.text)")
        let refused = try server.request("POST", "/v1/events", body: ServerLines.submit(2) + "\n" + #"{"type":"sample.submitted","sample_id":"x"}"#)
        #expect(refused.status == 422)
        let problems = refused.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?["line"] as? Int == 2)
        #expect(problems.first?["field"] as? String == "sample_id")
        #expect(try server.request("POST", "/v1/events", body: "[" + ServerLines.submit(3) + ",").status == 400)
        #expect(try server.request("POST", "/v1/events", body: String(repeating: " ", count: 5000)).status == 413)

        // Framing refusals, each on its own connection, each closing it.
        let framing: [(String, Int)] = [
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 12abc\r\n\r\n", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n", 413),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2000\r\n", 413),
            ("POST /v1/events HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("GARBAGE\r\n\r\n", 400),
            ("GET /healthz HTTP/2.0\r\n\r\n", 505),
            ("GET http://example.com/ HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHost: t\r\n folded: header\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "a", count: 17 << 10) + "\r\n\r\n", 431),
        ]
        for (raw, status) in framing {
            let client = try HTTPClient(port: server.port)
            defer { client.close() }
            client.send(raw)
            let response = try client.readResponse()
            #expect(response?.status == status, "\(raw.prefix(60).debugDescription)")
            #expect(client.isClosedByPeer(), "\(raw.prefix(60).debugDescription) left the connection open")
        }

        // An incomplete request: 408 after --read-timeout, and the connection is closed.
        let slow = try HTTPClient(port: server.port)
        defer { slow.close() }
        slow.send("POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"type\"")
        let timedOut = try slow.readResponse()
        #expect(timedOut?.status == 408)
        #expect(slow.isClosedByPeer())

        // Keep-alive: three requests on one connection, the middle one chunked.
        let client = try HTTPClient(port: server.port)
        defer { client.close() }
        #expect(try client.request("GET", "/healthz", token: nil).status == 200)
        let line = ServerLines.submit(4, eventID: "e4")
        let half = line.utf8.count / 2
        let chunked = "POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.writeToken)\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(half, radix: 16) + ";ext=1\r\n" + String(line.prefix(half)) + "\r\n"
            + String(line.utf8.count - half, radix: 16) + "\r\n" + String(line.dropFirst(half)) + "\r\n0\r\nX-Trailer: t\r\n\r\n"
        client.send(chunked)
        let appended = try client.readResponse()
        #expect(appended?.status == 201, "\(appended?.text ?? "")")
        #expect((appended?.json["receipts"] as? [[String: Any]])?.first?["event_id"] as? String == "e4")
        #expect(try client.request("GET", "/healthz", token: nil).status == 200)

        // One access-log line per request, without secrets from the query (here refused: the
        // endpoint takes no access_token, and its value is not in the refusal either).
        let secret = try server.request("GET", "/v1/events?access_token=sekrit&from_seq=1")
        #expect(secret.status == 400 && !secret.text.contains("sekrit"))
        #expect(try server.stop() == 0)
        let log = server.stderrText
        #expect(!log.contains("sekrit"))
        #expect(log.contains("GET /v1/events?access_token=REDACTED&from_seq=1 400"))
        #expect(log.contains("POST /v1/events 201"))
        #expect(log.contains("actor=app"))
    }

    @Test func overMaxConnectionsIs503AndTokenFilesAreChecked() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--max-connections", "2"])
        let held = try [HTTPClient(port: server.port), HTTPClient(port: server.port)]
        defer { held.forEach { $0.close() } }
        // Both held connections are being served (each answers a request).
        for c in held { #expect(try c.request("GET", "/healthz", token: nil).status == 200) }
        let third = try HTTPClient(port: server.port)
        defer { third.close() }
        #expect(try third.readResponse()?.status == 503)
        held[0].close()
        // Once one is gone a new one is served again.
        var served = false
        for _ in 0..<50 where !served {
            usleep(20_000)
            served = (try? server.request("GET", "/healthz", token: nil).status) == 200
        }
        #expect(served)
        #expect(try server.stop() == 0)

        // A token file others may read is refused; so is one with a short token.
        let tool = try BinaryRunner.locate()
        let loose = base.path + "/loose-tokens"
        _ = FileManager.default.createFile(atPath: loose, contents: Data("write a \(ServerProcess.writeToken)\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        let r1 = try tool.run(["serve", "--log", base.path + "/log", "--listen", "127.0.0.1:0", "--token-file", loose])
        #expect(r1.status == 1)
        #expect(r1.stderrText.contains("readable by others"))
        let short = base.path + "/short-tokens"
        _ = FileManager.default.createFile(atPath: short, contents: Data("write a abc\n".utf8), attributes: [.posixPermissions: 0o600])
        let r2 = try tool.run(["serve", "--log", base.path + "/log", "--listen", "127.0.0.1:0", "--token-file", short])
        #expect(r2.status == 1)
        #expect(r2.stderrText.contains("line 1"))
    }

    @Test func withoutATokenFileOneIsCreatedPrivately() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log"
        let out = base.path + "/out", err = base.path + "/err"
        let child = try ChildProcess.spawn(tool.executable.path, ["serve", "--log", log, "--listen", "127.0.0.1:0"], stdout: out, stderr: err,
                                           diesWithParent: true)
        var port: UInt16?
        for _ in 0..<1000 where port == nil {
            usleep(10_000)
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            if let r = text.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression) { port = UInt16(text[r].split(separator: ":")[1]) }
        }
        defer { kill(child.pid, SIGKILL); _ = try? child.wait(timeout: 10) }
        let port0 = try #require(port)
        let path = log + "/serve-tokens"
        #expect(((try? String(contentsOfFile: err, encoding: .utf8)) ?? "").contains(path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let token = try #require(text.split(separator: "\n").first { $0.hasPrefix("write ") }?.split(separator: " ").last)
        let client = try HTTPClient(port: port0)
        defer { client.close() }
        #expect(try client.request("GET", "/v1/events", token: nil).status == 401)
        #expect(try client.request("POST", "/v1/events", token: String(token), body: Array(ServerLines.submit(1).utf8)).status == 201)
    }
}
