import EventLog
import Foundation
import Testing

/// `images fetch` refuses an image whose bytes stop before its end (here an origin that holds a
/// partial upload: the HTTP answer is whole, the picture is not), records the failure with its
/// reason, and stores nothing for it; the whole image beside it is stored. Through the built
/// binary against a local server.
struct ImagesFetchCutShortTests {
    @Test func anImageCutShortIsAFailedFetchAndNothingIsStored() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let whole = TestImages.paddedPNG(width: 7, height: 5, size: 3_000)
        let cut = Array(whole[..<2_000])
        try TestImages.write(["whole.png": whole, "cut.png": cut, "cut.jpg": Array(ImageEndTests.jpeg.dropLast(2))], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        let tool = try BinaryRunner.locate()
        let lines = [
            ImagesCommandTests.submitted(1, url: server.url("/img/whole.png"), label: "spine"),
            ImagesCommandTests.submitted(2, url: server.url("/img/cut.png"), label: "spine"),
            ImagesCommandTests.submitted(3, url: server.url("/img/cut.jpg?ct=image/jpeg"), label: "spine"),
        ]
        #expect(try tool.run(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)

        let fetch = try tool.run(["images", "fetch", "--log", log, "--retries", "0", "--jobs", "1"])
        #expect(fetch.status == 1)
        #expect(fetch.stdoutText == """
            failed: \(ImagesCommandTests.id(2)) \(server.url("/img/cut.png")): png cut short: the chunk at byte 33 runs past the end (2000 bytes)
            failed: \(ImagesCommandTests.id(3)) \(server.url("/img/cut.jpg?ct=image/jpeg")): jpeg cut short: no end-of-image marker (\(ImageEndTests.jpeg.count - 2) bytes)

            """, "\(fetch.stdoutText)")
        #expect(BlobStore(logDirectory: log).allBlobs() == [SHA256.hex(SHA256.hash(whole))])
        let history = try tool.run(["history", ImagesCommandTests.id(2), "--log", log, "--format", "json"])
        #expect(history.stdoutText.contains("image.fetch_failed") && history.stdoutText.contains("png cut short"), "\(history.stdoutText)")
    }
}
