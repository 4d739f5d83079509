import EventLog
import Foundation
import Testing

/// `tslog images fetch` beside a running `tslog serve`: the server holds the log's writer, so a
/// plain fetch is refused (naming --server) and `--server` stores the images and appends the
/// events through `POST /v1/events`, which the server and the CLI reads then show.
@Suite struct ImagesFetchServerTests {
    @Test func fetchBesideServeAppendsThroughTheServer() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let gif = TestImages.gif(width: 3, height: 2)
        try TestImages.write(["a.png": TestImages.png1x1, "b.gif": gif], into: dir)
        let images = try ImageServer(root: dir)
        defer { images.stop() }
        let log = dir.appendingPathComponent("log").path
        let lines = [
            ImagesCommandTests.submitted(1, url: images.url("/img/a.png"), label: "heavy_wear"),
            ImagesCommandTests.submitted(2, url: images.url("/img/b.gif"), label: "spine"),
            ImagesCommandTests.submitted(3, url: images.url("/status/404"), label: "spine"),
        ]
        #expect(runInProcess(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        // The writer is the server's: a plain fetch says what to do, and appends nothing.
        let plain = runInProcess(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(plain.status == 1 && plain.stderr.contains("--server"), "\(plain.stderr)")
        let base = "http://127.0.0.1:\(server.port)"
        let bad = runInProcess(["images", "fetch", "--log", log, "--server", base + "/v1"])
        #expect(bad.status == 64)
        let fetch = runInProcess(["images", "fetch", "--log", log, "--retries", "0", "--server", base, "--token-file", server.tokenFile])
        #expect(fetch.status == 1, "\(fetch.stderr)")
        #expect(fetch.stdout == "failed: \(ImagesCommandTests.id(3)) \(images.url("/status/404")): http 404\n")
        // The CLI reads the events the server appended; the server's own reads show them too.
        let check = runInProcess(["images", "check", "--log", log, "--format", "json"])
        #expect(check.stdout.contains(#""missing":[{"sample_id":"\#(ImagesCommandTests.id(3))""#), "\(check.stdout)")
        #expect(BlobStore(logDirectory: log).allBlobs().count == 2)
        let history = try server.request("GET", "/v1/samples/\(ImagesCommandTests.id(2))/history", token: ServerProcess.readToken)
        #expect(history.status == 200 && history.text.contains(SHA256.hex(SHA256.hash(gif))), "\(history.text)")
        // A second run asks only for what failed, through the server again.
        let second = runInProcess(["images", "fetch", "--log", log, "--retries", "0", "--server", base + "/", "--token-file", server.tokenFile])
        #expect(second.status == 1)
        #expect(try images.requests()["/img/a.png"] == 1)
        #expect(try server.stop() == 0)
    }

    /// `--server` naming a web server that is not tslog serve, which answers the POST with a 200
    /// page: the fetch is an error on one line (it appended nothing), not "fetched 1" with exit 0
    /// while the log holds no image event.
    @Test func aServerThatIsNotTslogServeIsAnError() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try TestImages.write(["a.png": TestImages.png1x1], into: dir)
        let images = try ImageServer(root: dir)
        defer { images.stop() }
        let log = dir.appendingPathComponent("log").path
        let line = ImagesCommandTests.submitted(1, url: images.url("/img/a.png"), label: "spine")
        #expect(runInProcess(["append", "--log", log], stdin: Array(line.utf8)).status == 0)
        let tokens = dir.appendingPathComponent("tokens").path
        _ = FileManager.default.createFile(atPath: tokens, contents: Data("write w write-token-0123456789abcdef\n".utf8),
                                           attributes: [.posixPermissions: 0o600])
        let fetch = runInProcess(["images", "fetch", "--log", log, "--retries", "0", "--server", images.url(""), "--token-file", tokens])
        #expect(fetch.status == 1, "\(fetch.stderr)")
        let errors = fetch.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(errors == ["Error: \(images.url("/v1/events")) answered 200 without a receipt for each line, so nothing is known "
                           + "to be appended (is it the tslog serve of this log?): <html> <body> <h1>Welcome</h1> </body> </html>"],
                "\(fetch.stderr)")
        #expect(!fetch.stderr.contains("fetched 1"), "\(fetch.stderr)")
        let history = runInProcess(["history", ImagesCommandTests.id(1), "--log", log, "--format", "json"])
        #expect(!history.stdout.contains("image.fetched"))
    }
}
