import EventLog
import Foundation
import Testing

/// `tslog images fetch` / `check` / `history` through the CLI against a local server: refusals
/// recorded, a second run that fetches only what is missing, deleted samples never requested,
/// duplicates, conflicts and mismatches found exactly, a conflict resolved by a delete.
@Suite struct ImagesCommandTests {
    static func id(_ n: Int) -> String { "00000000-0000-4000-8000-00000000000\(n)" }

    static func submitted(_ n: Int, url: String, label: String, extra: String = "") -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id(n))","image_url":"\#(url)","image_path":"training-data/\#(n).png","label":"\#(label)","label_type":"defect"\#(extra)}"#
    }

    @Test func fetchCheckResumeAndResolve() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let c = TestImages.paddedPNG(width: 7, height: 5, size: 300)
        let gif = TestImages.gif(width: 3, height: 2)
        try TestImages.write(["a.png": TestImages.png1x1, "b.gif": gif, "c.png": c, "gone.png": TestImages.png1x1], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        let lines = [
            Self.submitted(1, url: server.url("/img/a.png"), label: "heavy_wear", extra: #","image_width":1,"image_height":1,"file_size_bytes":\#(TestImages.png1x1.count)"#),
            Self.submitted(2, url: server.url("/img/a.png?copy=1"), label: "Corner Crease"),
            Self.submitted(3, url: server.url("/img/b.gif?ct=image/png"), label: "heavy_wear"),
            Self.submitted(4, url: server.url("/status/404"), label: "heavy_wear"),
            Self.submitted(5, url: server.url("/html?ct=image/png"), label: "heavy_wear"),
            Self.submitted(6, url: server.url("/img/c.png"), label: "spine", extra: #","image_width":99,"file_size_bytes":300"#),
            Self.submitted(7, url: server.url("/img/gone.png"), label: "spine"),
            #"{"type":"sample.deleted","sample_id":"\#(Self.id(7))"}"#,
        ]
        #expect(runInProcess(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        let first = runInProcess(["images", "fetch", "--log", log, "--retries", "0", "--jobs", "3"])
        #expect(first.status == 1)
        #expect(first.stdout == """
            failed: \(Self.id(4)) \(server.url("/status/404")): http 404
            failed: \(Self.id(5)) \(server.url("/html?ct=image/png")): not an image (starts with "<!DOCTYPE html><")

            """)
        #expect(try server.requests()["/img/gone.png"] == nil, "a deleted sample is never requested")
        let aSHA = SHA256.hex(SHA256.hash(TestImages.png1x1))
        let cSHA = SHA256.hex(SHA256.hash(c))
        let check = runInProcess(["images", "check", "--log", log, "--format", "json"])
        #expect(check.status == 1)
        let missing4 = #"{"sample_id":"\#(Self.id(4))","url":"\#(server.url("/status/404"))"}"#
        let missing5 = #"{"sample_id":"\#(Self.id(5))","url":"\#(server.url("/html?ct=image/png"))"}"#
        #expect(check.stdout == #"""
            {"missing":[\#(missing4),\#(missing5)],"failed":[{"sample_id":"\#(Self.id(4))","url":"\#(server.url("/status/404"))","reason":"http 404","http_status":404},{"sample_id":"\#(Self.id(5))","url":"\#(server.url("/html?ct=image/png"))","reason":"not an image (starts with \"<!DOCTYPE html><\")","http_status":null}],"duplicates":[{"sha256":"\#(aSHA)","sample_ids":["\#(Self.id(1))","\#(Self.id(2))"],"labels":["heavy_wear","Corner Crease"]}],"conflicts":[{"sha256":"\#(aSHA)","sample_ids":["\#(Self.id(1))","\#(Self.id(2))"],"labels":["heavy_wear","Corner Crease"]}],"mismatches":[{"sample_id":"\#(Self.id(6))","sha256":"\#(cSHA)","field":"image_width","recorded":99,"fetched":7}]}

            """#)
        // The second run asks only for what failed; the stored ones are not requested again.
        let second = runInProcess(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(second.status == 1)
        let counts = try server.requests()
        #expect(counts["/img/a.png"] == 2 && counts["/img/c.png"] == 1 && counts["/status/404"] == 2 && counts["/html"] == 2)
        // One blob per distinct content.
        #expect(BlobStore(logDirectory: log).allBlobs().count == 3)
        // History shows the image facts: the SHA-256 in the table, all facts in JSON.
        let history = runInProcess(["history", Self.id(3), "--log", log])
        #expect(history.status == 0 && history.stdout.contains("image.fetched") && history.stdout.contains(SHA256.hex(SHA256.hash(gif))))
        let historyJSON = runInProcess(["history", Self.id(3), "--log", log, "--format", "json"])
        #expect(historyJSON.stdout.contains(#""format":"gif","width":3,"height":2,"content_type":"image/png""#))
        let stats = runInProcess(["project", "stats", "--log", log, "--format", "json"])
        #expect(stats.stdout.contains(#""images":{"stored":4,"missing":2,"duplicates":1,"conflicts":1}"#), "\(stats.stdout)")
        // The report shows the same four counts.
        let report = runInProcess(["report", "--log", log])
        for (key, value) in [("stored", 4), ("missing", 2), ("duplicates", 1), ("conflicts", 1)] {
            #expect(report.stdout.contains(#"data-image-kpi="\#(key)" data-value="\#(value)""#), "report: images \(key)")
        }
        // Deleting one of the two conflicting samples resolves the conflict (and the duplicate).
        let delete = #"{"type":"sample.deleted","sample_id":"\#(Self.id(2))"}"#
        #expect(runInProcess(["append", "--log", log], stdin: Array(delete.utf8)).status == 0)
        let after = runInProcess(["images", "check", "--log", log, "--format", "json"])
        #expect(after.stdout.contains(#""duplicates":[],"conflicts":[],"mismatches":[{"#))
        let statsAfter = runInProcess(["project", "stats", "--log", log, "--format", "json"])
        #expect(statsAfter.stdout.contains(#""images":{"stored":3,"missing":2,"duplicates":0,"conflicts":0}"#))
    }
}
