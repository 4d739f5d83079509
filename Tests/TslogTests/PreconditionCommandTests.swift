import Foundation
import TestSupport
import Testing

/// `expect_last_seq` through the built binary on real files (`tslog append`) and a real socket
/// (`POST /v1/events`): a stale precondition refuses the whole batch, names line, sample,
/// expected and actual, and appends nothing; a retried event stays a duplicate; of writers
/// racing on one sample, exactly one wins.
@Suite("Preconditions: tslog append and POST /v1/events")
struct PreconditionCommandTests {
    static func relabel(_ n: Int, _ label: String, expect: UInt64?, eventID: String? = nil) -> String {
        var line = ServerLines.relabel(n, label: label, eventID: eventID)
        if let expect { line.removeLast(); line += ",\"expect_last_seq\":\(expect)}" }
        return line
    }

    static func segmentBytes(_ log: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl"))
    }

    @Test func appendRefusesAStaleBatchAndKeepsRetriesDuplicates() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        let tool = try BinaryRunner.locate()
        func append(_ lines: [String], _ extra: [String] = []) throws -> BinaryRunner.Result {
            try tool.run(["append", "--log", log] + extra, stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        }
        // Seq 1, 2: two samples. Seq 3: a relabel of sample 1 that held its precondition.
        #expect(try append([ServerLines.submit(1), ServerLines.submit(2)]).status == 0)
        let held = try append([Self.relabel(1, "mint", expect: 1, eventID: "r-1")])
        #expect(held.status == 0, "\(held.stderrText)")
        #expect(held.stdoutText == "appended 1 event (seq 3), 0 duplicates skipped\n")
        #expect(try !Self.segmentBytes(log).contains(Data("expect_last_seq".utf8)))

        // Stale: sample 1's last event is 3 now. The valid line before it is not appended either,
        // even with --skip-invalid.
        let before = try Self.segmentBytes(log)
        for extra in [[], ["--skip-invalid"]] {
            let stale = try append([ServerLines.submit(3), Self.relabel(1, "poor", expect: 1)], extra)
            #expect(stale.status == 1)
            #expect(stale.stdoutText.isEmpty)
            #expect(stale.stderrText.contains("line 2: sample \(ServerLines.sampleID(1)): expect_last_seq 1, but the last event about it is seq 3"),
                    "\(stale.stderrText)")
            #expect(stale.stderrText.contains("nothing appended"))
            #expect(try Self.segmentBytes(log) == before)
        }

        // A retry of the held relabel (same event_id, its now stale precondition) is a duplicate.
        let retry = try append([Self.relabel(1, "mint", expect: 1, eventID: "r-1")])
        #expect(retry.status == 0, "\(retry.stderrText)")
        #expect(retry.stdoutText == "appended 0 events, 1 duplicate skipped\n")

        // Within a batch, earlier lines count at the seqs they get: 4 is sample 2's relabel.
        let chained = try append([Self.relabel(2, "good", expect: 2), Self.relabel(2, "fair", expect: 4),
                                  Self.relabel(1, "fine", expect: 3)])
        #expect(chained.status == 0, "\(chained.stderrText)")
        #expect(chained.stdoutText == "appended 3 events (seq 4-6), 0 duplicates skipped\n")
        #expect(try storedRecords(log).count == 6)
    }

    @Test func postAnswers409NamingTheConflictAndAppendsNothing() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1) + "\n" + ServerLines.submit(2)).status == 201)
        let held = try server.request("POST", "/v1/events", body: Self.relabel(2, "mint", expect: 2, eventID: "h-2"))
        #expect(held.status == 201, "\(held.text)")

        let body = [ServerLines.submit(3), Self.relabel(2, "poor", expect: 2)].joined(separator: "\n")
        for target in ["/v1/events", "/v1/events?skip_invalid=true"] {
            let stale = try server.request("POST", target, body: body)
            #expect(stale.status == 409, "\(stale.text)")
            let conflicts = stale.json["conflicts"] as? [[String: Any]] ?? []
            #expect(conflicts.count == 1)
            #expect(conflicts.first?["line"] as? Int == 2)
            #expect(conflicts.first?["sample_id"] as? String == ServerLines.sampleID(2))
            #expect(conflicts.first?["expected"] as? Int == 2)
            #expect(conflicts.first?["actual"] as? Int == 3)
            #expect((stale.json["error"] as? String)?.contains("nothing appended") == true)
        }
        #expect(try server.request("GET", "/v1/status", token: ServerProcess.readToken).json["last_seq"] as? Int == 3)
        // The retry of the held relabel is a duplicate with its first receipt.
        let retry = try server.request("POST", "/v1/events", body: Self.relabel(2, "mint", expect: 2, eventID: "h-2"))
        #expect(retry.status == 200, "\(retry.text)")
        #expect((retry.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int == 3)
        #expect(try server.stop() == 0)
        #expect(try storedRecords(server.log).count == 3)
    }

    @Test func ofWritersRacingOnOneSampleExactlyOneWins() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        let port = server.port
        for round in 0..<3 {
            // Every writer read the sample at the same seq and relabels it, all at once.
            let seen = UInt64(1 + round)
            let statuses = Statuses()
            ServerConcurrencyTests.onThreads(12) { k in
                do {
                    let client = try HTTPClient(port: port)
                    defer { client.close() }
                    let body = Self.relabel(1, "writer-\(round)-\(k)", expect: seen)
                    statuses.add(try client.request("POST", "/v1/events", token: ServerProcess.writeToken, body: Array(body.utf8)).status)
                } catch {
                    statuses.add(-1)
                }
            }
            #expect(statuses.sorted == [201] + Array(repeating: 409, count: 11), "round \(round)")
        }
        #expect(try server.stop() == 0)
        let records = try storedRecords(server.log)
        #expect(records.count == 4)
        let verify = try BinaryRunner.locate().run(["verify", "--log", server.log])
        #expect(verify.status == 0, "\(verify.stderrText)")
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [Int] = []
        func add(_ status: Int) { lock.lock(); all.append(status); lock.unlock() }
        var sorted: [Int] { lock.lock(); defer { lock.unlock() }; return all.sorted() }
    }
}
