import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `tslog serve` keeps zeros written ahead of the data in the last segment (docs/events.md,
/// "Padding of the last segment"): CLI reads of the running server's log, its status bytes,
/// a `kill -9` and a clean stop, through the binary on real files.
@Suite("Server: the padded last segment")
struct ServerPaddingTests {
    let segment = "/00000000000000000001.jsonl"

    /// The file's size and where its data ends (its last byte that is not NUL, plus one).
    func sizes(_ path: String) throws -> (size: Int, data: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return (bytes.count, (bytes.lastIndex { $0 != 0 } ?? -1) + 1)
    }

    func post(_ server: ServerProcess, _ n: Int) throws {
        let response = try server.request("POST", "/v1/events", body: ServerLines.submit(n, eventID: "e\(n)"))
        #expect(response.status == 201, "\(n): \(response.text)")
    }

    @Test func cliReadsAndStatusWhileTheServerRunsThenAStopEndsTheFileAtItsData() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let server = try ServerProcess(directory: base.path)
        for n in 1...20 { try post(server, n) }
        let log = server.log
        let padded = try sizes(log + segment)
        #expect(padded.size > padded.data, "the server's segment has no padding: \(padded)")
        #expect(padded.size - padded.data >= 512 << 10)

        // CLI reads of the log while the server holds it, padded.
        let records = try storedRecords(log)
        #expect(records.compactMap { $0["event_id"] as? String } == (1...20).map { "e\($0)" })
        let query = try tool.run(["query", "samples", "--label", "near_mint", "--log", log, "--format", "json"])
        #expect(query.status == 0, "\(query.stderrText)")
        #expect((1...20).allSatisfy { query.stdoutText.contains(ServerLines.sampleID($0)) }, "\(query.stdoutText)")
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stdoutText) \(verify.stderrText)")
        // The status counts the data, not the zeros after it.
        let status = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
        #expect(status.status == 200)
        #expect((status.json["bytes"] as? Int) == padded.data, "\(status.text) vs \(padded)")
        #expect((status.json["last_seq"] as? Int) == 20)

        #expect(try server.stop() == 0)
        let stopped = try sizes(log + segment)
        #expect(stopped.size == stopped.data, "a clean stop left zeros: \(stopped)")
        #expect(stopped.data == padded.data)
    }

    @Test func killNineLeavesThePaddingAndEveryAcknowledgedEventIsRead() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let server = try ServerProcess(directory: base.path)
        for n in 1...10 { try post(server, n) }
        _ = try server.stop(SIGKILL)
        let log = server.log
        let killed = try sizes(log + segment)
        #expect(killed.size > killed.data)
        // The killed server's padding is no torn tail: reads and verify see every event.
        #expect(try storedRecords(log).compactMap { $0["event_id"] as? String } == (1...10).map { "e\($0)" })
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stdoutText) \(verify.stderrText)")
        // A CLI append recovers without cutting anything and writes over the zeros.
        let append = try tool.run(["append", "--log", log], stdin: Array((ServerLines.submit(11, eventID: "e11") + "\n").utf8))
        #expect(append.status == 0, "\(append.stderrText)")
        #expect(!append.stderrText.contains("torn tail"), "\(append.stderrText)")
        let after = try sizes(log + segment)
        #expect(after.size == after.data, "the CLI append's close left zeros: \(after)")
        #expect(try storedRecords(log).compactMap { $0["event_id"] as? String } == (1...11).map { "e\($0)" })
        let again = try ServerProcess(directory: base.path)
        for n in 12...14 { try post(again, n) }
        #expect(try again.stop() == 0)
        #expect(try storedRecords(log).count == 14)
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }
}
