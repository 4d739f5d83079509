import Foundation
import TestSupport
import Testing

/// The read endpoints of a real `tslog serve` on a real socket: every body byte for byte what
/// the binary prints for the same arguments, before and after appends; tags over HTTP; and the
/// JavaScript client in examples/ run with node.
@Suite("Server reads")
struct ServerReadsTests {
    /// `value` percent-encoded for a query string (everything but unreserved characters).
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? value
    }

    static func target(_ c: ReadRoutesTests.Case) -> String {
        c.query.isEmpty ? c.path : c.path + "?" + c.query.map { "\(encoded($0.0))=\(encoded($0.1))" }.joined(separator: "&")
    }

    /// Checks every case but the report (its "generated" line is the server's clock) through
    /// the socket against the binary; returns how many were compared.
    @discardableResult
    static func compareEveryRead(_ server: ServerProcess, log: String, id: String) throws -> Int {
        let binary = try BinaryRunner.locate()
        let time = "2026-11-25T12:00:00Z"
        var compared = 0
        for c in ReadRoutesTests.cases(id: id, time: time, label: "near_mint") where c.path != "/v1/report" {
            let cli = try binary.run(c.cli + ["--log", log])
            let response = try server.request("GET", target(c), token: ServerProcess.readToken)
            #expect(response.status == 200, "\(c): \(response.text)")
            #expect(response.body == cli.stdout, "\(c)")
            let seq = try #require(response.headers["x-tslog-seq"], "\(c)")
            #expect(!seq.isEmpty)
            compared += 1
        }
        return compared
    }

    @Test func everyReadOverTheSocketIsWhatTheBinaryPrints() throws {
        try ReadRoutesTests.withLog { log, id in
            let directory = URL(fileURLWithPath: log).deletingLastPathComponent().path
            let server = try ServerProcess(directory: directory, log: log)
            #expect(try Self.compareEveryRead(server, log: log, id: id) > 30)

            // Appends through the server are seen by the next read, and the CLI agrees.
            let before = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
            let appended = try server.request("POST", "/v1/events", body: ServerLines.submit(901, eventID: "reads-901") + "\n"
                                              + ServerLines.relabel(901, label: "heavy_wear", eventID: "reads-901b") + "\n")
            #expect(appended.status == 201, "\(appended.text)")
            let after = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
            #expect(after.body != before.body)
            #expect(Int(after.headers["x-tslog-seq"] ?? "") == Int(before.headers["x-tslog-seq"] ?? "")! + 2)
            try Self.compareEveryRead(server, log: log, id: ServerLines.sampleID(901))

            // Tags: a read token may not set one; a write token may, and the tag is read back.
            #expect(try server.request("POST", "/v1/tags", token: ServerProcess.readToken, body: #"{"name":"v9"}"#).status == 403)
            #expect(try server.request("POST", "/v1/tags", token: nil, body: #"{"name":"v9"}"#).status == 401)
            let tagged = try server.request("POST", "/v1/tags", body: #"{"name":"v9","note":"over http"}"#)
            #expect(tagged.status == 201, "\(tagged.text)")
            #expect(tagged.json["record_seq"] as? Int == Int(after.headers["x-tslog-seq"] ?? "")! + 1)
            #expect(try server.request("POST", "/v1/tags", body: #"{"name":"v9"}"#).status == 409)
            let tags = try server.request("GET", "/v1/tags", token: ServerProcess.readToken)
            #expect(tags.body == (try BinaryRunner.locate().run(["tags", "--format", "json", "--log", log])).stdout)
            let atTag = try server.request("GET", "/v1/query/overall?as_of_tag=v9", token: ServerProcess.readToken)
            #expect(atTag.body == after.body)

            // Refusals come back as JSON naming the parameter.
            let bad = try server.request("GET", "/v1/query/labels?label_type=color", token: ServerProcess.readToken)
            #expect(bad.status == 400)
            #expect(bad.json["parameter"] as? String == "label_type")
            #expect(try server.request("GET", "/v1/query/nope", token: ServerProcess.readToken).status == 404)
            #expect(try server.request("GET", "/v1/stats", token: nil).status == 401)
            let status = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
            #expect(status.json["last_seq"] as? Int == Int(tags.headers["x-tslog-seq"] ?? ""))
            #expect(try server.stop() == 0)
        }
    }

    /// examples/client.mjs, run with node against a real server: it appends, retries the same
    /// event (same receipt), and reads a query; the event is stored once.
    @Test func theJavaScriptClientRunsAgainstARealServer() throws {
        guard let node = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            if ProcessInfo.processInfo.environment["TSLOG_REQUIRE_NODE"] == "1" {
                Issue.record("node is missing and TSLOG_REQUIRE_NODE=1")
            } else {
                print("skipped: node is not installed (apt-get install nodejs); examples/client.mjs not run")
            }
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/client.mjs").path
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.appendingPathComponent("log").path
        #expect(try BinaryRunner.locate().run(["demo", "--samples", "20", "--log", log]).status == 0)
        let server = try ServerProcess(directory: base.path, log: log)
        let out = base.appendingPathComponent("node.out").path
        let err = base.appendingPathComponent("node.err").path
        let child = try ChildProcess.spawn(node, [script], environment: [
            "TSLOG_URL": "http://127.0.0.1:\(server.port)", "TSLOG_TOKEN": ServerProcess.writeToken,
        ], stdout: out, stderr: err)
        let status = try child.wait(timeout: 60)
        let printed = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(status == 0, "node examples/client.mjs: \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        let steps = printed.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(steps.compactMap { $0["step"] as? String } == ["append", "retry", "query", "history"])
        let first = steps.first?["receipt"] as? [String: Any]
        let retry = steps.dropFirst().first?["receipt"] as? [String: Any]
        #expect(first?["seq"] as? Int != nil && first?["seq"] as? Int == retry?["seq"] as? Int)
        #expect(retry?["duplicate"] as? Bool == true)
        #expect(try server.stop() == 0)
        let eventID = try #require(first?["event_id"] as? String)
        #expect(try storedRecords(log).filter { $0["event_id"] as? String == eventID }.count == 1)
    }
}
