import EventLog
import Foundation
import Testing

/// `project stats`, `report` and `tslog serve` take the image counts, the timeline and the tags
/// from the state folded with the projections (a checkpoint and the records after it), never
/// from a checkpoint alone: a record appended after the checkpoint counts, and a damaged
/// checkpoint is ignored and written again.
@Suite struct ImageStatsFromCheckpointTests {
    static func id(_ n: Int) -> String { "00000000-0000-4000-8000-00000000000\(n)" }

    static func submitted(_ n: Int, label: String) -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id(n))","image_url":"https://img.example/\#(n).png","image_path":"p/\#(n).png","label":"\#(label)","label_type":"defect"}"#
    }

    static func fetched(_ n: Int, sha256: String, bytes: Int) -> String {
        #"{"type":"image.fetched","sample_id":"\#(id(n))","url":"https://img.example/\#(n).png","sha256":"\#(sha256)","bytes":\#(bytes),"format":"png","width":1,"height":1}"#
    }

    @Test func imageCountsFollowAppendsPastTheCheckpoint() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let every = ["TSLOG_CHECKPOINT_AFTER": "0", "SOURCE_DATE_EPOCH": "1800000000"]
        func append(_ lines: [String]) {
            #expect(runInProcess(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        }
        func stats(_ extra: [String] = []) -> String {
            let result = runInProcess(["project", "stats", "--log", log, "--format", "json"] + extra, environment: every)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        func checkpoints() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: log + "/checkpoints")) ?? []).filter { $0.hasSuffix(".ckpt") }.sorted()
        }
        append((1...4).map { Self.submitted($0, label: $0 == 3 ? "spine" : "heavy_wear") })
        let png = TestImages.png1x1
        let sha = try BlobStore(logDirectory: log).put(png).sha256
        append([Self.fetched(1, sha256: sha, bytes: png.count)])
        #expect(stats().contains(#""images":{"stored":1,"missing":3,"duplicates":0,"conflicts":0}"#))
        #expect(checkpoints() == ["00000000000000000005.ckpt"])

        // Appended after the checkpoint: counted (the records after it are folded).
        append([Self.fetched(2, sha256: sha, bytes: png.count)])
        #expect(stats().contains(#""images":{"stored":2,"missing":2,"duplicates":1,"conflicts":0}"#))
        append([Self.fetched(3, sha256: sha, bytes: png.count)])
        let warm = stats()
        #expect(warm.contains(#""images":{"stored":3,"missing":1,"duplicates":1,"conflicts":1}"#), "\(warm)")
        #expect(warm == stats(["--no-checkpoint"]))
        // The report shows the same counts, from the checkpoint just written.
        let report = runInProcess(["report", "--log", log], environment: every)
        for (key, value) in [("stored", 3), ("missing", 1), ("duplicates", 1), ("conflicts", 1)] {
            #expect(report.stdout.contains(#"data-image-kpi="\#(key)" data-value="\#(value)""#), "report: images \(key)")
        }

        // A damaged checkpoint (a byte of the image digest, near the body's end) is ignored:
        // the same answer, and the next read writes it again.
        let newest = log + "/checkpoints/" + (checkpoints().last ?? "")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: newest))
        bytes[bytes.count - 60] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: newest))
        #expect(stats() == warm)
        #expect(try Data(contentsOf: URL(fileURLWithPath: newest)) != bytes)
        #expect(stats() == warm)

        // A blob removed from the store is no longer stored: the store is asked, not trusted.
        try FileManager.default.removeItem(atPath: BlobStore(logDirectory: log).path(of: sha))
        #expect(stats().contains(#""images":{"stored":0,"missing":4,"duplicates":0,"conflicts":0}"#))
    }

    @Test func theServerStartsWithTheTagsOfTheCheckpointAndTheRecordsAfterIt() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let every = ["TSLOG_CHECKPOINT_AFTER": "0"]
        #expect(runInProcess(["append", "--log", log], stdin: Array((1...3).map { Self.submitted($0, label: "a") }.joined(separator: "\n").utf8)).status == 0)
        #expect(runInProcess(["tag", "before", "--log", log, "--note", "in the checkpoint"]).status == 0)
        #expect(runInProcess(["query", "overall", "--log", log], environment: every).status == 0)  // writes a checkpoint
        #expect(runInProcess(["tag", "after", "--log", log]).status == 0)
        #expect(runInProcess(["tag", "before", "--log", log, "--at-seq", "2", "--move"]).status == 0)
        let cli = runInProcess(["tags", "--log", log, "--format", "json"])
        #expect(cli.stdout.contains(#""before""#) && cli.stdout.contains(#""after""#))
        let server = try ServerProcess(directory: dir.path)
        let served = try server.request("GET", "/v1/tags?format=json", token: ServerProcess.readToken)
        #expect(served.status == 200)
        #expect(served.text == cli.stdout)
        let asOf = try server.request("GET", "/v1/query/overall?as_of_tag=before", token: ServerProcess.readToken)
        #expect(asOf.status == 200)
        #expect(asOf.text == runInProcess(["query", "overall", "--log", log, "--as-of-tag", "before", "--format", "json"]).stdout)
        #expect(try server.stop() == 0)
    }
}
