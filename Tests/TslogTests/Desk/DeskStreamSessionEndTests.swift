import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The desk's open event stream (`GET /desk/api/stream`) ends with its session, through the
/// built server and real sockets: after the session expires or signs out, the server closes the
/// stream at the next event (which it does not send) or heartbeat, and a reconnect is 401.
/// Holding the stream open is not a use: it does not keep its session alive. Before, the
/// session was checked only when the stream connected, and an open one went on delivering.
struct DeskStreamSessionEndTests {
    /// Opens the desk's stream in the session `cookie` and reads up to its `retry:` line.
    static func openStream(_ server: ServerProcess, cookie: String) throws -> HTTPClient {
        let stream = try HTTPClient(port: server.port)
        stream.send("GET /desk/api/stream HTTP/1.1\r\nHost: t\r\n\(cookie)\r\n\r\n")
        let head = ServerStreamTests.read(stream, until: "retry:")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n") && head.contains("retry:"), "\(head)")
        return stream
    }

    /// Reads `client` until the server closes it or `timeout` seconds pass: what arrived, and
    /// whether it was closed.
    static func readToEnd(_ client: HTTPClient, timeout: Double) -> (text: String, closed: Bool) {
        ServerStreamTests.read(client, stoppingAt: nil, timeout: timeout)
    }

    /// After expiry, the next event closes the stream instead of arriving.
    @Test func anExpiredSessionsStreamEndsAtTheNextEvent() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        // A long heartbeat: the event, not a heartbeat, is what finds the expiry here.
        let server = try ServerProcess(directory: dir.path, arguments: ["--session-idle", "1", "--heartbeat", "60"])
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        let stream = try Self.openStream(server, cookie: cookie)
        defer { stream.close() }

        Thread.sleep(forTimeInterval: 1.6)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        let (text, closed) = Self.readToEnd(stream, timeout: 5)
        #expect(closed, "the stream is closed")
        #expect(!text.contains("id: 1\n") && !text.contains("sample.submitted"), "the event is not delivered: \(text)")
        #expect(try server.deskGet("stream", cookie: cookie).status == 401, "a reconnect is refused")
    }

    /// With no events, the first heartbeat after expiry closes the stream: an open stream, with
    /// its heartbeats, is not a use that keeps the session alive.
    @Test func anOpenStreamDoesNotKeepItsSessionAlive() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let server = try ServerProcess(directory: dir.path, arguments: ["--session-idle", "1", "--heartbeat", "0.3"])
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        let stream = try Self.openStream(server, cookie: cookie)
        defer { stream.close() }

        let (text, closed) = Self.readToEnd(stream, timeout: 5)
        #expect(closed, "the stream is closed after the session's idle second: \(text)")
        #expect(text.contains(": heartbeat"), "heartbeats went out while the session lived: \(text)")
        #expect(try server.deskGet("me", cookie: cookie).status == 401, "the stream did not keep the session alive")
    }

    /// Signing out on another connection ends the open stream at the next event, undelivered.
    @Test func signingOutEndsTheOpenStream() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let server = try ServerProcess(directory: dir.path, arguments: ["--heartbeat", "60"])
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        let stream = try Self.openStream(server, cookie: cookie)
        defer { stream.close() }

        // While signed in, events arrive.
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        #expect(ServerStreamTests.read(stream, until: "id: 1\n").contains("id: 1\nevent: sample.submitted\n"))

        let signOut = try server.request("POST", "/signout", token: nil, headers: [cookie, ServerProcess.deskOrigin])
        #expect(signOut.status == 303)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(2)).status == 201)
        let (text, closed) = Self.readToEnd(stream, timeout: 5)
        #expect(closed, "the stream is closed")
        #expect(!text.contains("id: 2\n"), "the event after signing out is not delivered: \(text)")
        #expect(try server.deskGet("stream", cookie: cookie).status == 401, "a reconnect is refused")
    }
}
