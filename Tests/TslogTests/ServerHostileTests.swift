import Foundation
import TestSupport
import Testing

/// Requests an attacker or an unlucky client sends, each found by the hostile fuzz: the server
/// answers them with a status and keeps serving. One server, real sockets.
@Suite("tslog serve: hostile requests")
struct ServerHostileTests {
    @Test func extremeNumbersAreRefusedNotACrash() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)

        // Resuming a stream after the largest seq once overflowed `seq + 1` and killed the server.
        for resume in ["18446744073709551615", " 18446744073709551615 ", "18446744073709551616", "-1"] {
            let client = try HTTPClient(port: server.port, receiveTimeout: 10)
            defer { client.close() }
            client.send("GET /v1/events/stream HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\nLast-Event-ID: \(resume)\r\n\r\n")
            let response = try client.readResponse()
            #expect(response?.status == 400, "Last-Event-ID: \(resume)")
            #expect(response?.text.contains("Last-Event-ID") == true)
        }
        // A stream from the largest seq `tslog log --from-seq` takes (Int's largest) is valid and
        // idle; from 0, or past it as the CLI refuses, is refused.
        let idle = try HTTPClient(port: server.port, receiveTimeout: 10)
        defer { idle.close() }
        idle.send("GET /v1/events/stream?from_seq=9223372036854775807 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        #expect(ServerStreamTests.read(idle, until: "retry:").hasPrefix("HTTP/1.1 200"))
        #expect(try server.request("GET", "/v1/events/stream?from_seq=0", token: ServerProcess.readToken).status == 400)
        // A short receive timeout: an accepted stream would otherwise never end.
        let past = try HTTPClient(port: server.port, receiveTimeout: 3)
        defer { past.close() }
        #expect(try past.request("GET", "/v1/events/stream?from_seq=18446744073709551615", token: ServerProcess.readToken).status == 400)

        #expect(try server.request("GET", "/healthz", token: nil).status == 200, "the server died: \(server.stderrText.suffix(300))")
        #expect(try storedRecords(server.log).count == 1)
    }

    @Test func deskExpectLastSeqMustBeAnInteger() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        let origin = "Origin: http://127.0.0.1"  // the test client's Host is 127.0.0.1
        let signIn = try server.request("POST", "/signin", token: nil, body: "token=\(ServerProcess.writeToken)",
                                        headers: [origin])
        #expect(signIn.status == 303)
        let cookie = "Cookie: " + ((signIn.headers["set-cookie"] ?? "").split(separator: ";").first ?? "")
        func relabel(_ seen: String) throws -> Int {
            try server.request("POST", "/desk/api/relabel", token: nil,
                               body: #"{"sample_id":"\#(ServerLines.sampleID(1))","expect_last_seq":\#(seen),"label":"mint"}"#,
                               headers: [origin, cookie]).status
        }
        // The sample's last seq is 1: `true` and 1.5 once passed as 1 (and 2^64 as 0).
        for seen in ["true", "1.5", "1e30", "18446744073709551616", "-1", "\"1\"", "null"] {
            #expect(try relabel(seen) == 400, "expect_last_seq \(seen)")
        }
        #expect(try storedRecords(server.log).count == 1)
        #expect(try relabel("1") == 201)
    }
}
