import Foundation
import Testing

/// `Expect: 100-continue` gets a `100 Continue` from HTTP/1.1 clients only: RFC 9110 10.1.1 and
/// 15.2 — an HTTP/1.0 request's expectation is ignored, and an HTTP/1.0 client is never sent a
/// 1xx, which it would take for the final answer. The server sent it to both.
@Suite("tslog serve: Expect: 100-continue")
struct ServerExpectContinueTests {
    @Test func onlyAnHTTP11ClientGetsA100() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let body = ServerLines.submit(1, eventID: "e1")
        func post(_ version: String) -> String {
            "POST /v1/events \(version)\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.writeToken)\r\nExpect: 100-continue\r\n"
                + "Connection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        }
        let old = try ServerHeadAndAllowTests.exchange(server.port, post("HTTP/1.0"))
        #expect(old.hasPrefix("HTTP/1.1 201 Created\r\n"), "\(old)")
        let new = try ServerHeadAndAllowTests.exchange(server.port, post("HTTP/1.1"))
        #expect(new.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), "\(new)")
        #expect(try server.stop() == 0)
    }
}
