import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The event stream (SSE), and clients that are slow or send junk while others are served.
@Suite("tslog serve: event stream and hostile clients")
struct ServerStreamTests {
    /// Reads from `client` until `text` has arrived (or `timeout` seconds pass); returns all read.
    static func read(_ client: HTTPClient, until text: String, timeout: Double = 10) -> String {
        read(client, stoppingAt: text, timeout: timeout).text
    }

    /// Reads from `client` until `text` has arrived (when given), the server closes the
    /// connection, or `timeout` seconds pass: all read, and whether the server closed it.
    static func read(_ client: HTTPClient, stoppingAt text: String?, timeout: Double) -> (text: String, closed: Bool) {
        var seen: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var pfd = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (String(decoding: seen, as: UTF8.self), true) }
            seen += chunk[..<n]
            if let text, String(decoding: seen, as: UTF8.self).contains(text) { break }
        }
        return (String(decoding: seen, as: UTF8.self), false)
    }

    @Test func streamResumesAndDeliversLive() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--heartbeat", "0.2"])
        let three = (1...3).map { ServerLines.submit($0) }.joined(separator: "\n")
        #expect(try server.request("POST", "/v1/events", body: three).status == 201)
        let lines = try String(contentsOfFile: server.log + "/00000000000000000001.jsonl", encoding: .utf8).split(separator: "\n")

        let stream = try HTTPClient(port: server.port)
        defer { stream.close() }
        stream.send("GET /v1/events/stream?from_seq=2 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        var text = Self.read(stream, until: "id: 3\n")
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Content-Type: text/event-stream\r\n"))
        #expect(!text.contains("id: 1\n"))
        #expect(text.contains("id: 2\nevent: sample.submitted\ndata: \(lines[1])\n\n"))
        #expect(text.contains("id: 3\nevent: sample.submitted\ndata: \(lines[2])\n\n"))
        // Idle: heartbeats. Then a new append arrives live.
        text = Self.read(stream, until: ": heartbeat\n\n")
        #expect(text.contains(": heartbeat\n\n"))
        #expect(try server.request("POST", "/v1/events", body: ServerLines.relabel(1, label: "mint")).status == 201)
        text = Self.read(stream, until: "id: 4\n")
        #expect(text.contains("id: 4\nevent: sample.relabeled\ndata: {\"seq\":4,"))

        // Resuming after Last-Event-ID gets exactly what followed.
        let resumed = try HTTPClient(port: server.port)
        defer { resumed.close() }
        resumed.send("GET /v1/events/stream HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\nLast-Event-ID: 2\r\n\r\n")
        text = Self.read(resumed, until: "id: 4\n")
        #expect(!text.contains("id: 2\n"))
        #expect(text.contains("id: 3\n") && text.contains("id: 4\n"))
        // Without a start, only new events; a filter on type.
        let filtered = try HTTPClient(port: server.port)
        defer { filtered.close() }
        filtered.send("GET /v1/events/stream?type=sample.deleted HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        _ = Self.read(filtered, until: "retry:")
        #expect(try server.request("POST", "/v1/events", body: ServerLines.relabel(2, label: "good") + "\n"
                                   + #"{"type":"sample.deleted","sample_id":"\#(ServerLines.sampleID(3))"}"#).status == 201)
        text = Self.read(filtered, until: "id: 6\n")
        #expect(text.contains("id: 6\nevent: sample.deleted\n"))
        #expect(!text.contains("id: 5\n") && !text.contains("id: 4\n"))
        // SIGTERM ends the streams and the server exits 0.
        #expect(try server.stop() == 0)
    }

    /// A filtered stream is idle for its client while only events its filter leaves out arrive,
    /// and gets heartbeats then too. It got none as long as any event came within each
    /// `--heartbeat` interval: a proxy's idle timeout cut it, and a client that went away was
    /// never found, on a busy log with a rare type.
    @Test func aFilteredStreamGetsHeartbeatsWhileOtherEventsArrive() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--heartbeat", "0.3"])
        let filtered = try HTTPClient(port: server.port)
        defer { filtered.close() }
        filtered.send("GET /v1/events/stream?type=sample.deleted HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        _ = Self.read(filtered, until: "retry:")
        // An event every 0.1 s for 2 s, none of them a deletion.
        let started = Date()
        var n = 0
        while Date().timeIntervalSince(started) < 2 {
            n += 1
            #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(n)).status == 201)
            usleep(100_000)
        }
        let text = Self.read(filtered, until: "no such text", timeout: 0.2)
        let heartbeats = text.components(separatedBy: ": heartbeat\n\n").count - 1
        #expect(heartbeats >= 3, "\(heartbeats) heartbeats in 2 s with --heartbeat 0.3: \(text)")
        #expect(!text.contains("id: "))
        #expect(try server.stop() == 0)
    }

    @Test func slowAndJunkClientsDoNotStopOthers() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--read-timeout", "2"])
        // Twenty slowloris connections sending a header byte now and then, ten junk ones.
        let slow = try (0..<20).map { _ in try HTTPClient(port: server.port) }
        defer { slow.forEach { $0.close() } }
        for c in slow { c.send("POST /v1/events HTTP/1.1\r\nHost: t\r\nX-Slow: ") }
        for k in 0..<10 {
            let junk = try HTTPClient(port: server.port)
            defer { junk.close() }
            junk.send(k % 2 == 0 ? "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n" : "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: zz\r\n\r\n")
            #expect(try junk.readResponse()?.status == 400)
        }
        for c in slow { c.send("a") }
        // A normal request is served promptly meanwhile.
        let started = Date()
        let ok = try server.request("POST", "/v1/events", body: ServerLines.submit(1, eventID: "normal"))
        #expect(ok.status == 201)
        #expect(Date().timeIntervalSince(started) < 1)
        // The slow ones get 408 once --read-timeout has passed, and are closed.
        for c in slow {
            c.send("b")
            #expect(try c.readResponse()?.status == 408)
            #expect(c.isClosedByPeer())
        }
        #expect(try storedRecords(server.log).count == 1)
        #expect(try server.stop() == 0)
    }
}
