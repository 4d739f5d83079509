import Foundation
import TestSupport
import Testing

/// The server merges the per-sample index (`index/sample_seq.tbl`) on a thread of its own once
/// more than 65,536 records are past it, while it goes on answering appends and reads; the
/// merged file covers the log as it was when the merge began, histories stay the CLI's bytes,
/// and a stop waits for the merge.
struct ServerIndexMergeTests {
    /// The seq the table at `path` covers and its entry count, from its trailer (docs/events.md).
    static func coverage(_ path: String) throws -> (seq: UInt64, entries: UInt64) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let trailer = bytes.count - 128
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[trailer + at + $1]) << (8 * UInt64($1)) } }
        return (u64(48), u64(16))
    }

    @Test func theServerMergesTheIndexInTheBackgroundAndKeepsAnswering() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let server = try ServerProcess(directory: base.path)
        let index = server.log + "/index/sample_seq.tbl"
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1)).status == 201)
        let start = try Self.coverage(index)

        // 2 × 33,000 new samples: past the 65,536 records after which the server merges.
        for batch in 0..<2 {
            let body = (0..<33_000).map { ServerLines.submit(2 + batch * 33_000 + $0) }.joined(separator: "\n")
            let answer = try server.request("POST", "/v1/events", body: body)
            try #require(answer.status == 201, "\(answer.text.prefix(300))")
        }
        // Appends and reads are answered while the merge runs (or after it: either way, at once).
        #expect(try server.request("POST", "/v1/events", body: ServerLines.relabel(1, label: "during")).status == 201)
        let history = try server.request("GET", "/v1/samples/\(ServerLines.sampleID(1))/history", token: ServerProcess.readToken)
        #expect(history.status == 200)
        #expect(history.text.contains("\"during\""))

        // The merge finishes by itself: the file covers at least the 66,001 records of the two batches.
        let deadline = Date().addingTimeInterval(60)
        var merged = try Self.coverage(index)
        while merged.seq < 66_001 && Date() < deadline {
            usleep(50_000)
            merged = (try? Self.coverage(index)) ?? merged
        }
        #expect(start.seq <= 2)
        #expect(merged.seq >= 66_001, "the server did not merge the per-sample index")
        #expect(merged.entries == merged.seq, "one entry per sample record")

        // Histories through the merged index are the CLI's bytes (the CLI reads the same file).
        #expect(try server.request("POST", "/v1/events", body: ServerLines.relabel(40_000, label: "after")).status == 201)
        for n in [1, 2, 33_001, 40_000, 66_001] {
            let served = try server.request("GET", "/v1/samples/\(ServerLines.sampleID(n))/history", token: ServerProcess.readToken)
            let cli = try tool.run(["history", ServerLines.sampleID(n), "--log", server.log, "--format", "json"])
            #expect(served.status == 200 && cli.status == 0)
            #expect(served.body == cli.stdout, "history of sample \(n)")
        }
        #expect(try server.stop() == 0)
        #expect(try tool.run(["verify", "--log", server.log]).status == 0)
    }
}
