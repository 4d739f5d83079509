import EventLog
import Foundation
import Testing

/// `images fetch` offers the encodings its libcurl decodes and stores the decoded bytes: a
/// server that compresses what it serves — even one that compresses whatever the request said —
/// gives the image itself, not its gzip; an encoding nobody can decode is a failed fetch that
/// says so. Through the built binary against a local server.
struct ImagesFetchEncodingTests {
    @Test func aCompressedImageIsStoredDecodedAndAnUnknownEncodingIsRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let png = TestImages.paddedPNG(width: 7, height: 5, size: 3_000)
        try TestImages.write(["c.png": png], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        let tool = try BinaryRunner.locate()
        let lines = [
            ImagesCommandTests.submitted(1, url: server.url("/encoded/c.png"), label: "spine"),
            ImagesCommandTests.submitted(2, url: server.url("/encoded/c.png?enc=x-unheard-of"), label: "spine"),
        ]
        #expect(try tool.run(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)

        let fetch = try tool.run(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(fetch.status == 1, "one of the two fails: \(fetch.stdoutText) \(fetch.stderrText)")
        let accepted = try server.stats()["accept_encoding"] as? String ?? ""
        #expect(accepted.contains("gzip"), "the request offered: \(accepted)")

        // The stored blob is the PNG itself, with its own size and dimensions.
        let sha = SHA256.hex(SHA256.hash(png))
        #expect(BlobStore(logDirectory: log).allBlobs() == [sha])
        let history = try tool.run(["history", ImagesCommandTests.id(1), "--log", log, "--format", "json"])
        let text = history.stdoutText
        #expect(text.contains(sha) && text.contains(#""format":"png","width":7,"height":5"#), "\(text)")
        #expect(text.contains(#""bytes":3000"#), "the decoded size: \(text)")

        // The unknown encoding: a failure naming it, nothing stored for the sample.
        let failed = fetch.stdoutText.split(separator: "\n").first { $0.contains(ImagesCommandTests.id(2)) } ?? ""
        #expect(failed.hasPrefix("failed: ") && failed.lowercased().contains("encoding"), "\(fetch.stdoutText)")
    }
}
