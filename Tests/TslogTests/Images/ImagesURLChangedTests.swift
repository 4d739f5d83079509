import EventLog
import Foundation
import Testing

/// `tslog images fetch` after the app changed a sample's `image_url`: the stored bytes are the
/// old URL's, so the sample counts as not stored and the next run fetches the new URL — whether
/// the URL changed by a `sample.updated` or by a submission again after a delete. Before, a
/// sample with any stored image was never fetched again, and `export --format dataset` paired
/// its label with the old picture.
@Suite struct ImagesURLChangedTests {
    static let id = "00000000-0000-4000-8000-000000000001"
    static let other = "00000000-0000-4000-8000-000000000002"

    /// The SHA-256 of the sample's last `image.fetched`, from `tslog history --format json`.
    static func lastFetchedSHA(_ id: String, log: String) throws -> String? {
        let history = runInProcess(["history", id, "--log", log, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        return entries.last(where: { $0["type"] as? String == "image.fetched" }).flatMap { ($0["data"] as? [String: Any])?["sha256"] as? String }
    }

    @Test func aChangedImageURLIsFetchedAgain() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let old = TestImages.png1x1, new = TestImages.gif(width: 3, height: 2), third = TestImages.paddedPNG(width: 7, height: 5, size: 300)
        try TestImages.write(["old.png": old, "new.gif": new, "third.png": third], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        let submit = [ImagesCommandTests.submitted(1, url: server.url("/img/old.png"), label: "spine"),
                      ImagesCommandTests.submitted(2, url: server.url("/img/old.png?b"), label: "spine")]
        #expect(runInProcess(["append", "--log", log], stdin: Array(submit.joined(separator: "\n").utf8)).status == 0)
        #expect(runInProcess(["images", "fetch", "--log", log, "--retries", "0"]).status == 0)
        #expect(try Self.lastFetchedSHA(Self.id, log: log) == SHA256.hex(SHA256.hash(old)))

        // The app points sample 1 at a new picture, and deletes sample 2 and submits it again
        // with another.
        let changes = [
            #"{"type":"sample.updated","sample_id":"\#(Self.id)","image_url":"\#(server.url("/img/new.gif"))","reason":"recropped"}"#,
            #"{"type":"sample.deleted","sample_id":"\#(Self.other)"}"#,
            ImagesCommandTests.submitted(2, url: server.url("/img/third.png"), label: "spine"),
        ]
        #expect(runInProcess(["append", "--log", log], stdin: Array(changes.joined(separator: "\n").utf8)).status == 0)
        let again = runInProcess(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("fetched 2, failed 0; 2 of 2 samples have their image stored"), "\(again.stderr)")
        let requests = try server.requests()
        #expect(requests["/img/new.gif"] == 1 && requests["/img/third.png"] == 1, "\(requests)")
        #expect(try Self.lastFetchedSHA(Self.id, log: log) == SHA256.hex(SHA256.hash(new)))
        #expect(try Self.lastFetchedSHA(Self.other, log: log) == SHA256.hex(SHA256.hash(third)))

        // The dataset now pairs each label with the picture its row names.
        let out = dir.appendingPathComponent("dataset").path
        #expect(runInProcess(["export", "--log", log, "--format", "dataset", "--out", out]).status == 0)
        #expect(FileManager.default.contents(atPath: out + "/spine/\(Self.id).gif").map { [UInt8]($0) } == new)

        // Fetched from its URL now: a third run asks for nothing.
        let last = runInProcess(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(last.stderr.contains("fetched 0, failed 0; 2 of 2 samples have their image stored"), "\(last.stderr)")
        let after = try server.requests()
        #expect(after["/img/new.gif"] == 1 && after["/img/third.png"] == 1 && after["/img/old.png"] == requests["/img/old.png"], "\(after)")
    }
}
