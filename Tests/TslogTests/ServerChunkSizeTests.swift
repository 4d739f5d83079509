import Foundation
import Testing

/// A chunk size is hex digits (RFC 9112 7.1), then at most whitespace before a `;` extension.
/// Whitespace anywhere in the line was dropped, so `0 2` was read as a chunk of 2 bytes where
/// any stricter parser in front of the server reads `0`, the end of the body: the two disagree
/// on where the next request starts (request smuggling).
@Suite("tslog serve: chunk sizes")
struct ServerChunkSizeTests {
    @Test func aChunkSizeIsHexDigitsThenAtMostWhitespaceBeforeAnExtension() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let head = "POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.writeToken)\r\nTransfer-Encoding: chunked\r\n\r\n"
        for size in ["0 2", " 2", "2 0", "0\t2", "2 x"] {
            let client = try HTTPClient(port: server.port)
            defer { client.close() }
            client.send(head + size + "\r\n[]\r\n0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response?.status == 400 && response?.json["error"] as? String == "malformed chunk size",
                    "\(size.debugDescription): \(response?.text ?? "no response")")
            #expect(client.isClosedByPeer(), "\(size.debugDescription) left the connection open")
        }
        // Whitespace before an extension or at the end of the size (BWS) is still taken.
        for size in ["2 ;ext=1", "2\t;ext", "2 "] {
            let client = try HTTPClient(port: server.port)
            defer { client.close() }
            client.send(head + size + "\r\n[]\r\n0\r\n\r\n")
            #expect(try client.readResponse()?.status == 200, "\(size.debugDescription)")
        }
        #expect(try server.stop() == 0)
    }
}
