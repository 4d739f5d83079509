import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `POST /v1/events` and the writer lock: receipts (permanent, across restarts), all or
/// nothing, `skip_invalid`, the actor rule, JSON arrays; the lock held while serving, released
/// on SIGTERM.
@Suite("tslog serve: appending")
struct ServerAppendTests {
    @Test func receiptsAreIdempotentAcrossARestart() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        var server = try ServerProcess(directory: base.path)
        let body = [ServerLines.submit(1, eventID: "a1"), ServerLines.submit(2), ServerLines.submit(3, eventID: "a3")].joined(separator: "\n")
        let first = try server.request("POST", "/v1/events", body: body)
        #expect(first.status == 201)
        #expect(first.text == #"{"appended":3,"duplicates":0,"first_seq":1,"last_seq":3,"receipts":[{"seq":1,"event_id":"a1","duplicate":false},{"seq":2,"event_id":null,"duplicate":false},{"seq":3,"event_id":"a3","duplicate":false}]}"# + "\n")

        // While the server runs it holds the writer lock: a CLI append fails naming its pid;
        // CLI reads keep working.
        let tool = try BinaryRunner.locate()
        let append = try tool.run(["append", "--log", server.log], environment: [:], stdin: Array(ServerLines.submit(9).utf8))
        #expect(append.status == 1)
        #expect(append.stderrText.contains("pid \(server.child.pid)"), "\(append.stderrText)")
        let query = try tool.run(["query", "overall", "--log", server.log, "--format", "json"])
        #expect(query.status == 0)

        // SIGTERM: exit 0, and the lock is free for the CLI.
        #expect(try server.stop() == 0)
        #expect(server.stderrText.contains("lock released"))
        let after = try tool.run(["append", "--log", server.log], stdin: Array(ServerLines.submit(4, eventID: "cli-4").utf8))
        #expect(after.status == 0, "\(after.stderrText)")

        // A new server: a retry of the first batch, plus one new line, gets the same receipts.
        server = try ServerProcess(directory: base.path)
        let retry = try server.request("POST", "/v1/events", body: [ServerLines.submit(1, eventID: "a1"), ServerLines.submit(5, eventID: "a5"),
                                                                    ServerLines.submit(3, eventID: "a3"), ServerLines.submit(4, eventID: "cli-4")].joined(separator: "\n"))
        #expect(retry.status == 201)
        #expect(retry.text == #"{"appended":1,"duplicates":3,"first_seq":5,"last_seq":5,"receipts":[{"seq":1,"event_id":"a1","duplicate":true},{"seq":5,"event_id":"a5","duplicate":false},{"seq":3,"event_id":"a3","duplicate":true},{"seq":4,"event_id":"cli-4","duplicate":true}]}"# + "\n")
        let allDuplicates = try server.request("POST", "/v1/events", body: ServerLines.submit(1, eventID: "a1"))
        #expect(allDuplicates.status == 200)
        #expect((allDuplicates.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int == 1)

        // All or nothing: one bad line, nothing appended; skip_invalid appends the rest.
        let mixed = [ServerLines.submit(6, eventID: "a6"), ServerLines.submit(1), ServerLines.relabel(77, label: "x")].joined(separator: "\n")
        let refused = try server.request("POST", "/v1/events", body: mixed)
        #expect(refused.status == 422)
        #expect((refused.json["problems"] as? [[String: Any]])?.map { $0["line"] as? Int } == [2, 3])
        #expect(try storedRecords(server.log).count == 5)
        let skipped = try server.request("POST", "/v1/events?skip_invalid=true", body: mixed)
        #expect(skipped.status == 201)
        let receipts = skipped.json["receipts"] as? [[String: Any]] ?? []
        #expect(receipts.count == 3)
        #expect(receipts[0]["seq"] as? Int == 6)
        #expect(receipts[1]["seq"] is NSNull && receipts[1]["error"] is String)
        #expect(try server.request("POST", "/v1/events?skip_invalid=maybe", body: mixed).status == 400)

        // A JSON array body, and the actor rule: the token's name unless the event names one.
        let array = "[" + [ServerLines.relabel(1, label: "mint"), ServerLines.relabel(2, label: "good", actor: "maria")].joined(separator: ",") + "]"
        let relabeled = try server.request("POST", "/v1/events", body: array)
        #expect(relabeled.status == 201, "\(relabeled.text)")
        let records = try storedRecords(server.log)
        let actors = records.suffix(2).map { ($0["data"] as? [String: Any])?["actor"] as? String }
        #expect(actors == ["app", "maria"])
        #expect(try server.stop() == 0)
    }

    @Test func readsAreTheStoredLines() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let body = (1...5).map { ServerLines.submit($0) }.joined(separator: "\n") + "\n" + ServerLines.relabel(2, label: "poor")
        #expect(try server.request("POST", "/v1/events", body: body).status == 201)
        let all = try server.request("GET", "/v1/events", token: ServerProcess.readToken)
        let onDisk = try String(contentsOfFile: server.log + "/00000000000000000001.jsonl", encoding: .utf8)
        #expect(all.text == onDisk)
        #expect(all.headers["x-tslog-seq"] == "6")
        let some = try server.request("GET", "/v1/events?from_seq=2&limit=2")
        #expect(some.text.split(separator: "\n").map { $0.hasPrefix("{\"seq\":2,") || $0.hasPrefix("{\"seq\":3,") } == [true, true])
        #expect(some.headers["x-tslog-next-seq"] == "4")
        let relabels = try server.request("GET", "/v1/events?type=sample.relabeled")
        #expect(relabels.text.split(separator: "\n").count == 1)
        let sample2 = try server.request("GET", "/v1/events?sample_id=\(ServerLines.sampleID(2).uppercased())")
        #expect(sample2.text.split(separator: "\n").count == 2)
        #expect(try server.request("GET", "/v1/events?sample_id=nope").status == 400)
        #expect(try server.request("GET", "/v1/events?limit=0").status == 400)
        #expect(try server.request("GET", "/v1/events?from_seq=-1").status == 400)
        let metrics = try server.request("GET", "/metrics", token: ServerProcess.readToken)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("tslog_last_seq 6\n"))
        #expect(metrics.text.contains("tslog_samples 5\n"))
        #expect(metrics.text.contains("tslog_appended_events_total 6\n"))
        #expect(metrics.text.contains("tslog_http_requests_total{code=\"400\"} 3\n"))
        #expect(try server.stop(SIGINT) == 0)
    }
}

/// The read endpoints through the server: the CLI's bytes, the seq they reflect, and a read
/// after a 2xx sees the append.
@Suite("tslog serve: reads through the server")
struct ServerReadTests {
    @Test func readsAreTheCLIsBytesAndSeeEveryAcknowledgedAppend() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log"
        #expect(try tool.run(["demo", "--log", log, "--samples", "50"]).status == 0)
        let server = try ServerProcess(directory: base.path)
        let overall = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
        #expect(overall.status == 200)
        #expect(try tool.run(["query", "overall", "--log", log, "--format", "json"]).stdout == overall.body)
        let seq = try #require(overall.headers["x-tslog-seq"])
        #expect(overall.headers["etag"] == "W/\"\(seq)\"")
        #expect(try server.request("GET", "/v1/query/overall", headers: ["If-None-Match: W/\"\(seq)\""]).status == 304)
        let stats = try server.request("GET", "/v1/stats")
        #expect(try tool.run(["project", "stats", "--log", log, "--format", "json"]).stdout == stats.body)
        #expect(try server.request("GET", "/v1/query/nope").status == 404)
        #expect(try server.request("POST", "/v1/tags", token: ServerProcess.readToken, body: #"{"name":"v1"}"#).status == 403)
        #expect(try server.request("POST", "/v1/tags", body: #"{"name":"v1"}"#).status == 201)

        // Read your writes: each appended sample is counted by the next read.
        let before = try #require(overall.json["total_samples"] as? Int)
        for n in 1...3 {
            #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(900_000 + n)).status == 201)
            let now = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
            #expect(now.json["total_samples"] as? Int == before + n, "\(now.text)")
        }
        #expect(try server.stop() == 0)
        #expect(try tool.run(["tags", "--log", log]).stdoutText.contains("v1"))
    }
}
