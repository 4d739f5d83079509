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
}
