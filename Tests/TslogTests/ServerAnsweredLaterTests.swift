import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `POST /v1/events` is answered by the appender's committer once its group is durable, not by
/// a worker waiting for it: pipelining, many clients, clients that leave or do not read, and a
/// stop with commits in flight, through the built binary and real sockets.
@Suite("tslog serve: appends answered by the committer")
struct ServerAnsweredLaterTests {
    static func post(_ body: String, token: String = ServerProcess.writeToken, close: Bool = false) -> [UInt8] {
        let bytes = Array(body.utf8)
        var head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(bytes.count)\r\n"
        if close { head += "Connection: close\r\n" }
        return Array((head + "\r\n").utf8) + bytes
    }

    @Test func pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let client = try HTTPClient(port: server.port)
        defer { client.close() }
        // Appends, a duplicate, a refused batch, a read and an append again, all in one send.
        var bytes: [UInt8] = []
        for n in 0..<10 { bytes += Self.post(ServerLines.submit(n, eventID: "p-\(n)")) }
        bytes += Self.post(ServerLines.submit(3, eventID: "p-3"))
        bytes += Self.post(#"{"type":"sample.submitted"}"#)
        bytes += Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        bytes += Self.post(ServerLines.submit(10, eventID: "p-10"), close: true)
        #expect(client.send(bytes))
        var responses: [HTTPResult] = []
        while let response = try client.readResponse() { responses.append(response) }
        try #require(responses.count == 14, "\(responses.map(\.status))")
        for n in 0..<10 {
            #expect(responses[n].status == 201)
            let receipt = (responses[n].json["receipts"] as? [[String: Any]])?.first
            #expect(receipt?["seq"] as? Int == n + 1 && receipt?["event_id"] as? String == "p-\(n)", "\(responses[n].text)")
        }
        #expect(responses[10].status == 200 && responses[10].json["first_seq"] is NSNull)
        #expect(((responses[10].json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int) == 4)
        #expect(responses[11].status == 422, "\(responses[11].text)")
        #expect(responses[12].status == 200 && responses[12].text == "ok\n")
        #expect(responses[13].status == 201 && responses[13].json["last_seq"] as? Int == 11)
        #expect(responses[13].headers["connection"] == "close")
        #expect(try server.stop() == 0)
        #expect(try storedRecords(server.log).count == 11)
    }

    @Test func sixtyFourClientsWithRetriedEventIDs() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let receipts = ServerConcurrencyTests.Receipts()
        let port = server.port
        // Client k sends ids 4k ..< 4k+8 one at a time, each twice: every id is sent by two
        // clients, four times in all.
        ServerConcurrencyTests.onThreads(64) { k in
            do {
                let client = try HTTPClient(port: port)
                defer { client.close() }
                for n in 4 * k ..< 4 * k + 8 {
                    for _ in 0..<2 {
                        let body = Array(ServerLines.submit(n, eventID: "id-\(n)").utf8)
                        receipts.add(try client.request("POST", "/v1/events", token: ServerProcess.writeToken, body: body))
                    }
                }
            } catch {
                receipts.fail("client \(k): \(error)")
            }
        }
        #expect(try server.stop() == 0)
        try receipts.expectEachIDStoredOnce(in: server.log, count: 4 * 63 + 8)  // the ids 0..<260
    }

    @Test func clientsThatLeaveBeforeTheirCommitLeaveTheEventStoredAndOthersServed() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let port = server.port
        // Each sends a whole append and closes at once, before any commit can have answered it.
        ServerConcurrencyTests.onThreads(16) { k in
            guard let client = try? HTTPClient(port: port) else { return }
            client.send(Self.post(ServerLines.submit(k, eventID: "gone-\(k)")))
            client.close()
        }
        // The server goes on serving: appends and reads from clients that stay.
        let kept = try server.request("POST", "/v1/events", body: ServerLines.submit(100, eventID: "kept"))
        #expect(kept.status == 201, "\(kept.text)")
        #expect(try server.request("GET", "/healthz", token: nil).status == 200)
        // Every connection that left is closed in the end (its answer found the peer gone, or
        // the poll its end of file): only the one asking stays open.
        var open = ""
        for _ in 0..<200 where open != "1" {
            let metrics = try server.request("GET", "/metrics", token: ServerProcess.readToken)
            let line = metrics.text.split(separator: "\n").first { $0.hasPrefix("tslog_http_open_connections ") }
            open = String(line?.split(separator: " ").last ?? "")
            if open != "1" { usleep(100_000) }
        }
        #expect(open == "1", "open connections: \(open)")
        #expect(try server.stop() == 0)
        let ids = Set(try storedRecords(server.log).compactMap { $0["event_id"] as? String })
        #expect(ids == Set((0..<16).map { "gone-\($0)" } + ["kept"]))
    }

    @Test func aStopAnswersTheCommitsInFlightAndExitsZero() throws {
        // A stop during a stream of appends: every request the server read is answered 2xx and
        // stored; the ones answered after the signal say `Connection: close`. Tried up to three
        // times, for a signal that landed while no group was in flight.
        var answeredWhileStopping = 0
        for attempt in 1...3 where answeredWhileStopping == 0 {
            let base = try makeTemporaryDirectory()
            defer { removeTemporaryDirectory(base) }
            let server = try ServerProcess(directory: base.path)
            let port = server.port
            let receipts = ServerConcurrencyTests.Receipts()
            let closing = SharedCount()
            let started = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for k in 0..<16 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    guard let client = try? HTTPClient(port: port) else { return receipts.fail("connect \(k)") }
                    defer { client.close() }
                    for n in 0..<100_000 {
                        if n == 5 { started.signal() }
                        let body = ServerLines.submit(k * 100_000 + n, eventID: "s\(attempt)-\(k)-\(n)")
                        guard client.send(Self.post(body)), let response = try? client.readResponse() else { return }
                        receipts.add(response)
                        if response.headers["connection"] == "close" {
                            closing.add()
                            return
                        }
                    }
                }.start()
            }
            for _ in 0..<16 { _ = started.wait(timeout: .now() + 30) }
            #expect(try server.stop(SIGTERM) == 0)
            group.wait()
            #expect(receipts.failures.isEmpty, "\(receipts.failures.prefix(5))")
            let stored = Set(try storedRecords(server.log).compactMap { $0["event_id"] as? String })
            #expect(Set(receipts.seqs.keys).isSubset(of: stored), "an answered append is not stored")
            answeredWhileStopping = closing.value
        }
        #expect(answeredWhileStopping > 0, "no append was answered after the signal in three tries")
    }

    @Test func aRequestPipelinedBehindALongCommitIsNotTimedOut() throws {
        // --read-timeout 1: a 40,000-line batch (its validation and write take longer than that
        // in a debug build) with half of the next request pipelined behind it; the rest is
        // sent 0.3 s after the batch is answered. The connection is not armed while it waits for its
        // commit, and the pipelined request's clock starts when the server turns to it, so it
        // is answered 201, not 408.
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--read-timeout", "1"])
        let client = try HTTPClient(port: server.port)
        defer { client.close() }
        let lines = (0..<40_000).map { ServerLines.submit($0, eventID: "big-\($0)") }.joined(separator: "\n")
        let next = Self.post(ServerLines.submit(100_000, eventID: "next"))
        let half = next.count / 2
        #expect(client.send(Self.post(lines) + next[..<half]))
        let first = try client.readResponse()
        #expect(first?.status == 201, "\(first?.status ?? 0) \(first?.text.prefix(200) ?? "")")
        // A client a little slow to send the rest: well within the timeout counted from now.
        usleep(300_000)
        #expect(client.send(Array(next[half...])))
        let second = try client.readResponse()
        #expect(second?.status == 201, "\(second?.status ?? 0) \(second?.text ?? "")")
        #expect(try server.stop() == 0)
        #expect(try storedRecords(server.log).count == 40_001)
    }

    @Test func aClientThatDoesNotReadDoesNotStallTheOthers() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        // 30,000 lines: a response of about 3 MB, more than a client's small receive buffer
        // and the server's send buffer hold, sent to a client that reads nothing for now.
        let lines = (0..<30_000).map { ServerLines.submit($0, eventID: "slow-\($0)") }.joined(separator: "\n")
        let slow = try HTTPClient(port: server.port, smallReceiveBuffer: true)
        defer { slow.close() }
        #expect(slow.send(Self.post(lines)))
        // Wait until its batch is stored (its response is then being sent, or stuck).
        var stored = false
        for _ in 0..<600 where !stored {
            let head = try server.request("GET", "/metrics", token: ServerProcess.readToken)
            stored = head.text.contains("tslog_appended_events_total 30000\n")
            if !stored { usleep(100_000) }
        }
        try #require(stored, "the slow client's batch was not appended within 60 s")
        // Others' appends are answered meanwhile, one after another on several connections.
        let receipts = ServerConcurrencyTests.Receipts()
        let port = server.port
        ServerConcurrencyTests.onThreads(4) { k in
            do {
                let client = try HTTPClient(port: port)
                defer { client.close() }
                for n in 0..<5 {
                    let body = Array(ServerLines.submit(100_000 + 10 * k + n, eventID: "other-\(k)-\(n)").utf8)
                    receipts.add(try client.request("POST", "/v1/events", token: ServerProcess.writeToken, body: body))
                }
            } catch {
                receipts.fail("client \(k): \(error)")
            }
        }
        #expect(receipts.failures.isEmpty, "\(receipts.failures.prefix(5))")
        #expect(receipts.seqs.count == 20)
        // The slow client then reads its whole answer.
        let response = try slow.readResponse()
        #expect(response?.status == 201)
        #expect((response?.json["receipts"] as? [[String: Any]])?.count == 30_000)
        #expect(try server.stop() == 0)
    }
}

/// A count shared by test threads.
private final class SharedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
