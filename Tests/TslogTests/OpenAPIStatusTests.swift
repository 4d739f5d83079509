import Foundation
import TestSupport
import Testing

/// Every status `tslog serve` sends for an operation is one the OpenAPI document lists for it.
/// The statuses are provoked through the built binary, for each operation the document itself
/// names (as served at `/v1/openapi.json`): a plain request, no token, a read token, an unknown
/// parameter, `If-None-Match`, a repeated `Host`, a body over `--max-body`, a head over 16 KiB,
/// HTTP/2.0, a head that never ends (`--read-timeout`), every connection slot taken
/// (`--max-connections`), and a write past the file size limit (`prlimit --fsize`). Before, 408,
/// 413 (but on `POST /v1/events`), 431, 503, 505 and 507 were listed nowhere, 304 not on the reads
/// that send it and 400 not on `/healthz` and `/metrics`.
struct OpenAPIStatusTests {
    /// One operation of the document, with a target and body the server takes.
    struct Operation: CustomStringConvertible {
        let method: String
        let path: String
        var target: String {
            path.replacingOccurrences(of: "{name}", with: "overall")
                .replacingOccurrences(of: "{id}", with: "00000000-0000-4000-8000-000000000001")
        }
        var description: String { "\(method) \(path)" }

        /// A body the operation accepts (a new sample, tag or row each time), or none.
        func body(_ n: Int) -> String {
            switch (method, path) {
            case ("POST", "/v1/events"): ServerLines.submit(100 + n)
            case ("POST", "/v1/tags"): #"{"name":"status-probe-\#(n)"}"#
            case ("POST", "/v1/hooks/supabase"):
                ServerWebhookTests.change("INSERT", ServerWebhookTests.row().replacingOccurrences(
                    of: ServerWebhookTests.id, with: String(format: "6f1c1a52-9d43-4f39-a1b5-%012d", n)), nil)
            default: ""
            }
        }

        /// The request: `headers` (each a line), a `Content-Length` for the body unless one is in
        /// them, and, with `complete` false, no blank line (the head never ends).
        func request(target: String? = nil, version: String = "HTTP/1.1", headers: [String], body: String = "",
                     complete: Bool = true) -> String {
            var head = "\(method) \(target ?? self.target) \(version)\r\n" + headers.map { $0 + "\r\n" }.joined()
            guard complete else { return head }
            if !headers.contains(where: { $0.lowercased().hasPrefix("content-length:") }) {
                head += "Content-Length: \(body.utf8.count)\r\n"
            }
            return head + "\r\n" + body
        }
    }

    static let write = "Authorization: Bearer \(ServerProcess.writeToken)"
    static let read = "Authorization: Bearer \(ServerProcess.readToken)"

    /// Sends `raw` on a new connection to `server`; the status of the answer (0 for none within
    /// `timeout` seconds). Only the status line is read: an event stream's answer never ends.
    static func status(_ server: ServerProcess, _ raw: String, timeout: Double = 10) throws -> Int {
        let client = try HTTPClient(port: server.port)
        defer { client.close() }
        _ = client.send(raw)
        return status(client, timeout: timeout)
    }

    /// The status of the answer arriving on `client`, 0 for none within `timeout` seconds.
    static func status(_ client: HTTPClient, timeout: Double) -> Int {
        let text = ServerStreamTests.read(client, stoppingAt: "\r\n", timeout: timeout).text
        let words = text.split(separator: " ", maxSplits: 2)
        return words.count >= 2 && words[0].hasPrefix("HTTP/") ? Int(words[1]) ?? 0 : 0
    }

    /// The operations of the document `server` serves, with the statuses each lists.
    static func documented(_ server: ServerProcess) throws -> [(Operation, Set<String>)] {
        let answer = try server.request("GET", "/v1/openapi.json")
        let paths = try #require(answer.json["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, methods in
            methods.compactMap { method, operation in
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                return (Operation(method: method.uppercased(), path: path), Set(responses.keys))
            }
        }.sorted { $0.0.description < $1.0.description }
    }

    @Test func everyStatusTheServerSendsIsInTheDocument() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let slots = 24
        let server = try ServerProcess(directory: dir.path, arguments: ["--max-body", "4096", "--read-timeout", "1",
                                                                        "--max-connections", String(slots), "--heartbeat", "60"])
        defer { _ = try? server.stop() }
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        let operations = try Self.documented(server)
        try #require(operations.count >= 14, "\(operations.map(\.0))")

        var sent: [String: Set<Int>] = [:]
        func note(_ operation: Operation, _ status: Int) {
            #expect(status != 0, "\(operation): no answer")
            if status != 0 { sent[operation.description, default: []].insert(status) }
        }
        let host = "Host: t"
        for (n, (operation, _)) in operations.enumerated() {
            let body = operation.body(n)
            let separator = operation.target.contains("?") ? "&" : "?"
            for raw in [
                operation.request(headers: [host, Self.write], body: body),
                operation.request(headers: [host], body: body),
                operation.request(headers: [host, Self.read], body: body),
                operation.request(target: operation.target + separator + "zz=1", headers: [host, Self.write], body: body),
                operation.request(headers: [host, Self.write, "If-None-Match: *"], body: body),
                operation.request(headers: [host, "Host: u", Self.write], body: body),
                operation.request(headers: [host, Self.write, "Content-Length: 5000"]),
                operation.request(headers: [host, Self.write, "X-Padding: " + String(repeating: "a", count: 17 << 10)], body: body),
                operation.request(version: "HTTP/2.0", headers: [host, Self.write], body: body),
            ] {
                note(operation, try Self.status(server, raw, timeout: 5))
            }
        }
        // Heads that never end, all at once: each is 408 after the read timeout.
        let waiting = try operations.map { operation, _ -> (Operation, HTTPClient) in
            let client = try HTTPClient(port: server.port)
            _ = client.send(operation.request(headers: [host, Self.write], complete: false))
            return (operation, client)
        }
        for (operation, client) in waiting {
            note(operation, Self.status(client, timeout: 10))
            client.close()
        }
        // Every slot taken by a kept-alive connection: each operation is 503.
        var held: [HTTPClient] = []
        defer { held.forEach { $0.close() } }
        // (The connections of the probes above may still be closing: a 503 here is retried.)
        let deadline = Date().addingTimeInterval(30)
        while held.count < slots && Date() < deadline {
            let client = try HTTPClient(port: server.port)
            _ = client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            if Self.status(client, timeout: 5) == 200 { held.append(client) } else { client.close(); usleep(50_000) }
        }
        #expect(held.count == slots, "every slot is held")
        for (n, (operation, _)) in operations.enumerated() {
            note(operation, try Self.status(server, operation.request(headers: [host, Self.write], body: operation.body(n))))
        }
        held.forEach { $0.close() }
        held = []

        // The writes past the file size limit: 507.
        if ResourceLimits.available("OpenAPIStatusTests") {
            let tool = try BinaryRunner.locate()
            let full = dir.path + "/full-log"
            // Past 64 KiB already: under --fsize=65536 nothing more can be written to it.
            #expect(try tool.run(["append", "--log", full], stdin: Array(ResourceLimits.lines(1, 400).utf8)).status == 0)
            let limited = try ServerProcess(directory: dir.path, log: full, limits: ["--fsize=65536"])
            defer { _ = try? limited.stop() }
            // Every writing operation says so alike (POST /v1/tags was 500).
            for (n, (operation, _)) in operations.enumerated() where operation.method == "POST" {
                let status = try Self.status(limited, operation.request(headers: [host, Self.write], body: operation.body(1000 + n)))
                #expect(status == 507, "\(operation) past the file size limit is \(status)")
                note(operation, status)
            }
        }

        var missing: [String] = []
        for (operation, listed) in operations {
            for status in (sent[operation.description] ?? []).sorted() where !listed.contains(String(status)) {
                missing.append("\(operation) \(status)")
            }
        }
        let list = missing.joined(separator: "\n")
        #expect(missing.isEmpty, "statuses the server sent that the document does not list for the operation:\n\(list)")
        for status in [304, 400, 401, 403, 408, 413, 431, 503, 505] {
            #expect(sent.values.contains { $0.contains(status) }, "some request was answered \(status)")
        }
    }
}
