import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A lone client's POST is written by the worker that read it (`EventAppender.writeAlone`),
/// concurrent ones by the committer in groups: the two paths take turns on one writer.
@Suite("tslog serve: a lone client's appends and the committer's groups")
struct ServerLoneWriterTests {
    /// One client alone, then eight at once with tags cut meanwhile, then one alone again: every
    /// answer is read back at once (a read after a 2xx sees it), every id is stored once at the
    /// seq its receipt names, the padding is still kept ahead of the data, and `verify` passes.
    @Test func aloneThenTogetherThenAloneAgain() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let receipts = ServerConcurrencyTests.Receipts()
        let log = server.log

        // Alone: each receipt's seq is the next one, and the status read right after names it.
        let client = try HTTPClient(port: server.port)
        for n in 0..<40 {
            let response = try client.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                              body: Array(ServerLines.submit(n, eventID: "id-\(n)").utf8))
            receipts.add(response)
            let seq = (response.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int
            #expect(response.status == 201 && seq == n + 1, "\(n): \(response.status) \(response.text)")
            let status = try client.request("GET", "/v1/status", token: ServerProcess.readToken)
            #expect((status.json["last_seq"] as? Int) == n + 1, "\(n): \(status.text)")
        }

        // Together: eight clients, each id sent twice; a ninth cuts tags (a write of its own
        // that waits for the group being written).
        let port = server.port
        ServerConcurrencyTests.onThreads(9) { k in
            do {
                let c = try HTTPClient(port: port)
                defer { c.close() }
                if k == 8 {
                    for t in 0..<10 {
                        let tag = try c.request("POST", "/v1/tags", token: ServerProcess.writeToken, body: Array(#"{"name":"t\#(t)"}"#.utf8))
                        if tag.status != 201 { receipts.fail("tag t\(t): \(tag.status) \(tag.text)") }
                    }
                    return
                }
                for i in 0..<25 {
                    let n = 1000 + 25 * k + i
                    let body = Array(ServerLines.submit(n, eventID: "id-\(n)").utf8)
                    for _ in 0..<2 { receipts.add(try c.request("POST", "/v1/events", token: ServerProcess.writeToken, body: body)) }
                }
            } catch {
                receipts.fail("client \(k): \(error)")
            }
        }

        // Alone again, on the connection kept open meanwhile.
        for n in 2000..<2040 {
            let response = try client.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                              body: Array(ServerLines.submit(n, eventID: "id-\(n)").utf8))
            receipts.add(response)
            let seq = (response.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int
            let status = try client.request("GET", "/v1/status", token: ServerProcess.readToken)
            #expect(seq != nil && (status.json["last_seq"] as? Int) == seq, "\(n): \(response.text) then \(status.text)")
        }
        client.close()

        try receipts.expectEachIDStoredOnce(in: log, count: 40 + 8 * 25 + 40)
        #expect(try storedRecords(log).count == 40 + 8 * 25 + 40 + 10, "the ten tags")
        let size = try FileManager.default.attributesOfItem(atPath: log + "/00000000000000000001.jsonl")[.size] as? Int ?? 0
        let status = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
        #expect(size - (status.json["bytes"] as? Int ?? size) >= 512 << 10, "the padding ahead of the data: \(size), \(status.text)")
        #expect(try server.stop() == 0)
        let verify = try BinaryRunner.locate().run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stdoutText) \(verify.stderrText)")
    }

    /// After a lone client's append the worker reads the same socket for a moment: a next
    /// request sent later than that is served through the poll, one sent at once on the same
    /// thread, and `Connection: close` ends the connection after its answer.
    @Test func aPauseAfterAnAppendAndACloseAreHonoured() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let client = try HTTPClient(port: server.port)
        defer { client.close() }
        for (n, pause) in [(1, 0.0), (2, 0.05), (3, 0.0), (4, 0.3), (5, 0.001)] {
            usleep(UInt32(pause * 1_000_000))
            let response = try client.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                              body: Array(ServerLines.submit(n, eventID: "p\(n)").utf8))
            #expect(response.status == 201, "\(n): \(response.text)")
        }
        let last = try client.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                      body: Array(ServerLines.submit(6, eventID: "p6").utf8), headers: ["Connection: close"])
        #expect(last.status == 201, "\(last.text)")
        #expect(client.isClosedByPeer(timeout: 2), "the connection stays open after Connection: close")
        #expect(try storedRecords(server.log).compactMap { $0["event_id"] as? String } == (1...6).map { "p\($0)" })
        #expect(try server.stop() == 0)
    }
}
