import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Many clients at once, retrying each other's event_ids; and kill -9 under load.
@Suite("tslog serve: concurrency and crashes")
struct ServerConcurrencyTests {
    /// What one client thread saw: event_id → the seq its receipts named.
    final class Receipts: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seqs: [String: Set<Int>] = [:]
        private(set) var failures: [String] = []

        func add(_ response: HTTPResult) {
            lock.lock(); defer { lock.unlock() }
            guard response.status == 200 || response.status == 201 else {
                failures.append("\(response.status) \(response.text)")
                return
            }
            for r in response.json["receipts"] as? [[String: Any]] ?? [] {
                guard let id = r["event_id"] as? String, let seq = r["seq"] as? Int else { failures.append("bad receipt \(r)"); continue }
                seqs[id, default: []].insert(seq)
            }
        }

        func fail(_ text: String) { lock.lock(); failures.append(text); lock.unlock() }

        /// Requires the log at `log` to hold `count` events with ids, each id once, seqs gapless
        /// from 1 (records without an id, such as tags, among them), and every receipt to name
        /// the one seq that holds its event_id.
        func expectEachIDStoredOnce(in log: String, count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(failures.isEmpty, "\(failures.prefix(5))", sourceLocation: sourceLocation)
            let records = try storedRecords(log)
            let ids = records.compactMap { $0["event_id"] as? String }
            #expect(ids.count == count, "each id once", sourceLocation: sourceLocation)
            #expect(Set(ids).count == ids.count, sourceLocation: sourceLocation)
            #expect(records.map { $0["seq"] as? Int ?? 0 } == Array(1...records.count), sourceLocation: sourceLocation)
            let seqOfID = Dictionary(records.compactMap { r in (r["event_id"] as? String).map { ($0, r["seq"] as? Int ?? 0) } },
                                     uniquingKeysWith: { first, _ in first })
            for (id, seqs) in seqs {
                #expect(seqs == [seqOfID[id] ?? -1], "\(id): receipts named \(seqs)", sourceLocation: sourceLocation)
            }
            #expect(seqs.count == ids.count, sourceLocation: sourceLocation)
        }
    }

    /// Runs `body(k)` on `count` threads at once and waits for all.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for k in 0..<count {
            group.enter()
            let thread = Thread {
                body(k)
                group.leave()
            }
            thread.start()
        }
        group.wait()
    }

    @Test func sixteenClientsWithRetriedEventIDs() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let receipts = Receipts()
        let port = server.port
        // Client k sends ids 8k ..< 8k+16 two at a time, each batch twice: every id is sent by
        // two clients, four times in all.
        Self.onThreads(16) { k in
            do {
                let client = try HTTPClient(port: port)
                defer { client.close() }
                for pair in stride(from: 8 * k, to: 8 * k + 16, by: 2) {
                    let body = [ServerLines.submit(pair, eventID: "id-\(pair)"), ServerLines.submit(pair + 1, eventID: "id-\(pair + 1)")].joined(separator: "\n")
                    for _ in 0..<2 {
                        receipts.add(try client.request("POST", "/v1/events", token: ServerProcess.writeToken, body: Array(body.utf8)))
                    }
                }
            } catch {
                receipts.fail("client \(k): \(error)")
            }
        }
        try receipts.expectEachIDStoredOnce(in: server.log, count: 8 * 15 + 16)  // the ids 0..<136
        #expect(try server.stop() == 0)
    }

    @Test func killNineUnderLoadLosesNoAcknowledgedEvent() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let rounds = Int(ProcessInfo.processInfo.environment["TSLOG_SERVE_KILL_ROUNDS"] ?? "") ?? 4
        let acknowledged = Receipts()
        let tool = try BinaryRunner.locate()
        for round in 0..<rounds {
            let server = try ServerProcess(directory: base.path)
            let port = server.port
            let stopAt = Date().addingTimeInterval(0.4 + 0.1 * Double(round))
            let pid = server.child.pid
            let killer = Thread {
                Thread.sleep(until: stopAt)
                kill(pid, SIGKILL)
            }
            killer.start()
            Self.onThreads(8) { k in
                guard let client = try? HTTPClient(port: port, receiveTimeout: 5) else { return }
                defer { client.close() }
                var n = 0
                while true {
                    n += 1
                    let id = "r\(round)-c\(k)-\(n)"
                    let sample = round * 100_000 + k * 10_000 + n
                    let body = Array(ServerLines.submit(sample, eventID: id).utf8)
                    // A connection the kill cut is the end of this client; only a full 2xx counts.
                    guard let response = try? client.request("POST", "/v1/events", token: ServerProcess.writeToken, body: body) else { return }
                    acknowledged.add(response)
                }
            }
            _ = try server.stop(SIGKILL)
            // kill -9 may land inside the write of a batch nobody was answered for: the only
            // finding allowed is a torn tail (the next open cuts it); anything else is damage.
            let verify = try tool.run(["verify", "--log", server.log])
            let tornTailOnly = verify.status == 1 && verify.stderrText.contains("torn tail")
            #expect(verify.status == 0 || tornTailOnly, "round \(round): \(verify.stdoutText) \(verify.stderrText)")
        }
        // A server start recovers (cuts a torn tail); after it the log verifies clean.
        let reopened = try ServerProcess(directory: base.path)
        #expect(try reopened.stop() == 0)
        let finalVerify = try tool.run(["verify", "--log", base.path + "/log"])
        #expect(finalVerify.status == 0, "after recovery: \(finalVerify.stdoutText) \(finalVerify.stderrText)")
        let records = try storedRecords(base.path + "/log")
        let stored = Dictionary(uniqueKeysWithValues: records.map { ($0["event_id"] as? String ?? "", $0["seq"] as? Int ?? 0) })
        #expect(acknowledged.seqs.count > 0)
        for (id, seqs) in acknowledged.seqs {
            #expect(seqs == [stored[id] ?? -1], "acknowledged \(id) at \(seqs), stored at \(stored[id].map(String.init) ?? "nowhere")")
        }
        #expect(records.map { $0["seq"] as? Int ?? 0 } == Array(1...records.count))
    }
}
