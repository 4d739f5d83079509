import Foundation
import TestSupport
import Testing

/// Reads answered from bodies rendered earlier (`RenderedBodies`): the same bytes while the log
/// does not move, a new body (new `X-Tslog-Seq`, new `ETag`) as soon as an append was
/// answered, and always what the binary prints for the same arguments.
@Suite("Server reads: rendered bodies kept per seq")
struct ServerCachedReadsTests {
    @Test func aKeptBodyIsReplacedAsSoonAsAnEventLands() throws {
        try ReadRoutesTests.withLog { log, _ in
            let directory = URL(fileURLWithPath: log).deletingLastPathComponent().path
            let server = try ServerProcess(directory: directory, log: log)
            let binary = try BinaryRunner.locate()
            let reads: [(target: String, cli: [String])] = [
                ("/v1/query/overall", ["query", "overall", "--format", "json"]),
                ("/v1/query/labels?label_type=grade&format=csv", ["query", "labels", "--label-type", "grade", "--format", "csv"]),
                ("/v1/stats", ["project", "stats", "--format", "json"]),
            ]
            var firstSeq: Int?
            for round in 0..<4 {
                if round > 0 {
                    let appended = try server.request("POST", "/v1/events",
                                                      body: ServerLines.submit(950 + round, eventID: "kept-\(round)", label: "heavy_wear") + "\n")
                    #expect(appended.status == 201, "\(appended.text)")
                }
                for read in reads {
                    let first = try server.request("GET", read.target, token: ServerProcess.readToken)
                    let again = try server.request("GET", read.target, token: ServerProcess.readToken)
                    #expect(first.status == 200, "\(read.target): \(first.text)")
                    #expect(again.body == first.body)
                    #expect(again.headers["etag"] == first.headers["etag"])
                    #expect(first.body == (try binary.run(read.cli + ["--log", log])).stdout, "round \(round): \(read.target)")
                    let seq = try #require(Int(first.headers["x-tslog-seq"] ?? ""))
                    #expect(first.headers["etag"] == "W/\"\(seq)\"")
                    // Every read of a round reflects that round's appends, and only them.
                    firstSeq = firstSeq ?? seq
                    #expect(seq == firstSeq! + round, "round \(round): \(read.target)")
                    let unchanged = try server.request("GET", read.target, token: ServerProcess.readToken,
                                                       headers: ["If-None-Match: \(first.headers["etag"] ?? "")"])
                    #expect(unchanged.status == 304)
                    // RFC 9110 8.6: a 304's Content-Length would have to be the 200's; it had 0.
                    #expect(unchanged.headers["content-length"] == nil && unchanged.headers["etag"] == first.headers["etag"])
                }
            }
            #expect(try server.stop() == 0)
        }
    }

    /// RFC 9110 13.1.2: `If-None-Match` compares weakly (`"5"` names `W/"5"`), may be `*` (any
    /// current answer) and may come in several field lines. Only the exact `W/"5"` in the first
    /// line matched: a client or proxy that dropped the `W/`, a `*`, or a second line got the
    /// whole body again.
    @Test func ifNoneMatchComparesWeaklyAndTakesAStar() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1, eventID: "inm-1")).status == 201)
        let first = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
        let seq = try #require(first.headers["x-tslog-seq"])
        #expect(first.headers["etag"] == "W/\"\(seq)\"")
        let unchanged: [[String]] = [
            ["If-None-Match: W/\"\(seq)\""], ["If-None-Match: \"\(seq)\""], ["If-None-Match: *"],
            ["If-None-Match: \"x\", \"\(seq)\""], ["If-None-Match: W/\"0\"", "If-None-Match: W/\"\(seq)\""],
        ]
        for headers in unchanged {
            let answer = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken, headers: headers)
            #expect(answer.status == 304 && answer.headers["etag"] == first.headers["etag"], "\(headers): \(answer.status)")
        }
        for headers in [["If-None-Match: W/\"0\""], ["If-None-Match: \"\(seq)0\""], ["If-None-Match: W/\"\(seq)"]] {
            let answer = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken, headers: headers)
            #expect(answer.status == 200 && answer.body == first.body, "\(headers): \(answer.status)")
        }
        // A refusal is never a 304, not even for `*`; a changed answer is a 200 with the new tag.
        let refused = try server.request("GET", "/v1/query/labels?label_type=color", token: ServerProcess.readToken,
                                         headers: ["If-None-Match: *"])
        #expect(refused.status == 400)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(2, eventID: "inm-2")).status == 201)
        let moved = try server.request("GET", "/v1/query/overall", token: ServerProcess.readToken,
                                       headers: ["If-None-Match: \"\(seq)\""])
        #expect(moved.status == 200 && moved.headers["etag"] != first.headers["etag"], "\(moved.status)")
        #expect(try server.stop() == 0)
    }
}
