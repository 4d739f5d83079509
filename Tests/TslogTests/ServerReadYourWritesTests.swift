import Foundation
import TestSupport
import Testing

/// An append is answered before the projections fold it (`EventAppender`'s `afterCommit`), but
/// reads wait for that fold from before the answer leaves: a read sent after a 2xx — on another
/// connection, served by another worker — sees the append.
@Suite("tslog serve: a read after an append's answer sees it")
struct ServerReadYourWritesTests {
    @Test(arguments: [1, 4])
    func aQuerySentAfterTheAnswerReflectsTheReceiptsSeq(clients: Int) throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let receipts = ServerConcurrencyTests.Receipts()
        let port = server.port
        let rounds = 150
        ServerConcurrencyTests.onThreads(clients) { k in
            do {
                let writer = try HTTPClient(port: port)
                let reader = try HTTPClient(port: port)
                defer { writer.close(); reader.close() }
                for i in 0..<rounds {
                    let n = 10_000 * (k + 1) + i
                    let posted = try writer.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                                    body: Array(ServerLines.submit(n, eventID: "ryw-\(n)").utf8))
                    receipts.add(posted)
                    guard posted.status == 201,
                          let seq = (posted.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int else {
                        return receipts.fail("\(n): \(posted.status) \(posted.text)")
                    }
                    // The projections' seq and the sample's row: both must include the append.
                    let read = try reader.request("GET", "/v1/query/overall", token: ServerProcess.readToken)
                    let reflected = read.headers["x-tslog-seq"].flatMap { Int($0) } ?? -1
                    if read.status != 200 || reflected < seq {
                        receipts.fail("\(n): stored at seq \(seq), the read after its answer reflects seq \(reflected)")
                    }
                    if clients == 1, read.json["total_samples"] as? Int != i + 1 {
                        receipts.fail("\(n): total_samples \(read.json["total_samples"] ?? "-") after \(i + 1) appends")
                    }
                }
            } catch {
                receipts.fail("client \(k): \(error)")
            }
        }
        try receipts.expectEachIDStoredOnce(in: server.log, count: clients * rounds)
        #expect(try server.stop() == 0)
    }
}
