import EventLog
import Foundation
import SampleDomain
import Testing

/// `ImageFetcher` against a local server: every refusal, retries counted on the server, limits.
@Suite struct ImageFetcherTests {
    struct Run {
        var outcomes: [ImageFetcher.Outcome]
        var attempts: [Int]
    }

    func fetch(_ urls: [String], _ options: ImageFetcher.Options, store: BlobStore) -> Run {
        let box = ResultBox(count: urls.count)
        ImageFetcher(store: store, options: options).fetch(urls) { index, outcome, attempts in
            box.set(index, outcome, attempts)
        }
        return Run(outcomes: box.outcomes.map { $0! }, attempts: box.attempts)
    }

    @Test func everyRefusalAndRetry() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let big = TestImages.paddedPNG(width: 40, height: 30, size: 200_000)
        let mid = TestImages.paddedPNG(width: 4, height: 3, size: 50_000)
        try TestImages.write(["a.png": TestImages.png1x1, "big.png": big, "mid.png": mid, "b.gif": TestImages.gif(width: 3, height: 2)], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        let store = BlobStore(logDirectory: log)
        let urls = [
            "/img/a.png", "/img/b.gif?ct=text/html", "/html", "/html?ct=image/png", "/status/404", "/status/500",
            "/flaky/2/a.png", "/slow/5/a.png", "/short/mid.png", "/img/big.png", "/nolength/big.png", "/endless",
            "/nolength/a.png",
        ].map(server.url) + ["ftp://example.com/a.png"]
        let options = ImageFetcher.Options(jobs: 4, timeout: 1, retries: 2, maxBytes: 100_000, backoff: 0.05)
        let run = fetch(urls, options, store: store)
        let aSHA = SHA256.hex(SHA256.hash(TestImages.png1x1))
        let gif = TestImages.gif(width: 3, height: 2)
        let expected: [ImageFetcher.Outcome] = [
            .fetched(sha256: aSHA, bytes: TestImages.png1x1.count, info: ImageInfo(format: .png, width: 1, height: 1), contentType: "image/png"),
            .fetched(sha256: SHA256.hex(SHA256.hash(gif)), bytes: gif.count, info: ImageInfo(format: .gif, width: 3, height: 2), contentType: "text/html"),
            .failed(reason: "not an image (starts with \"<!DOCTYPE html><\")", httpStatus: nil),
            .failed(reason: "not an image (starts with \"<!DOCTYPE html><\")", httpStatus: nil),
            .failed(reason: "http 404", httpStatus: 404),
            .failed(reason: "http 500 (after 3 attempts)", httpStatus: 500),
            .fetched(sha256: aSHA, bytes: TestImages.png1x1.count, info: ImageInfo(format: .png, width: 1, height: 1), contentType: "image/png"),
            .failed(reason: "timeout (after 3 attempts)", httpStatus: nil),
            .failed(reason: "short body: \(mid.count / 2) of \(mid.count) bytes", httpStatus: 200),
            .failed(reason: "too large: Content-Length \(big.count) is over --max-bytes 100000", httpStatus: 200),
            .failed(reason: "too large: body over --max-bytes 100000", httpStatus: 200),
            .failed(reason: "too large: body over --max-bytes 100000", httpStatus: 200),
            .fetched(sha256: aSHA, bytes: TestImages.png1x1.count, info: ImageInfo(format: .png, width: 1, height: 1), contentType: "image/png"),
            .failed(reason: "not an http or https URL", httpStatus: nil),
        ]
        for (i, outcome) in run.outcomes.enumerated() {
            #expect(outcome == expected[i], "\(urls[i])")
        }
        #expect(run.attempts == [1, 1, 1, 1, 1, 3, 3, 3, 1, 1, 1, 1, 1, 0])
        // Retries as the server counted them: 5xx and timeouts retried, nothing else.
        let counts = try server.requests()
        #expect(counts["/status/500"] == 3 && counts["/flaky/2/a.png"] == 3 && counts["/status/404"] == 1)
        #expect(counts["/slow/5/a.png"] == 3 && counts["/short/mid.png"] == 1 && counts["/html"] == 2)
        // Reading stopped at the limit: the endless body was cut off long before its 6.5 GB.
        let sent = try server.stats()["endless_sent"] as? Int ?? -1
        #expect(sent < 64_000_000, "the server sent \(sent) bytes")
        // Stored: a.png once (fetched three times) and the gif; nothing refused, nothing temporary.
        #expect(store.allBlobs() == [aSHA, SHA256.hex(SHA256.hash(gif))].sorted())
        #expect(store.removeLeftovers() == 0)
    }
}

extension ImageFetcherTests {
    /// Redirects are followed to http and https only: a 302 to `file://` is refused, so a
    /// hostile image server cannot make the fetch store a local file.
    @Test func redirectsAreFollowedToHTTPOnly() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try TestImages.write(["a.png": TestImages.png1x1], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        let store = BlobStore(logDirectory: log)
        let urls = ["/redirect/a.png", "/tofile/a.png"].map(server.url)
        let run = fetch(urls, ImageFetcher.Options(jobs: 2, timeout: 5, retries: 0, maxBytes: 100_000, backoff: 0.05), store: store)
        let aSHA = SHA256.hex(SHA256.hash(TestImages.png1x1))
        #expect(run.outcomes[0] == .fetched(sha256: aSHA, bytes: TestImages.png1x1.count,
                                            info: ImageInfo(format: .png, width: 1, height: 1), contentType: "image/png"))
        guard case .failed(let reason, _) = run.outcomes[1] else {
            Issue.record("a redirect to file:// was followed: \(run.outcomes[1])")
            return
        }
        #expect(reason.hasPrefix("network error: ") && reason.contains("file"), "\(reason)")
        #expect(store.allBlobs() == [aSHA])
        #expect(try server.requests()["/img/a.png"] == 1)
    }
}

/// Outcomes gathered from the worker threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var outcomes: [ImageFetcher.Outcome?]
    private(set) var attempts: [Int]
    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
        attempts = Array(repeating: 0, count: count)
    }
    func set(_ index: Int, _ outcome: ImageFetcher.Outcome, _ tries: Int) {
        lock.lock()
        outcomes[index] = outcome
        attempts[index] = tries
        lock.unlock()
    }
}
