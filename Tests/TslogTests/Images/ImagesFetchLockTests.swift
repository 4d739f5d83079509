import EventLog
import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A plain `tslog images fetch` downloads without the log's writer lock: while its requests hang
/// on a slow server, an `append` (which waits at most 5 s for the lock) succeeds, and a sample
/// that `append` deletes meanwhile gets no image event although its request was already made,
/// and is counted neither as fetched nor among the samples of the closing "N of M stored".
@Suite struct ImagesFetchLockTests {
    @Test func appendSucceedsWhileAFetchDownloads() throws {
        let runner = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var files: [String: [UInt8]] = [:]
        for n in 1...3 { files["i\(n).png"] = TestImages.paddedPNG(width: n, height: 4, size: 200 + n) }
        try TestImages.write(files, into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        // Each request takes 8 s: longer than the 5 s an append waits for the writer lock.
        let lines = (1...3).map { n in ImagesCommandTests.submitted(n, url: server.url("/slow/8/i\(n).png"), label: "spine") }
        #expect(try runner.run(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        let out = dir.appendingPathComponent("fetch.out").path
        let err = dir.appendingPathComponent("fetch.err").path
        let fetch = try ChildProcess.spawn(runner.executable.path, ["images", "fetch", "--log", log, "--jobs", "3", "--retries", "0"],
                                           stdout: out, stderr: err)
        var asked = 0
        for _ in 0..<1000 where asked < 3 {
            asked = (try? server.requests().keys.filter { $0.hasPrefix("/slow/") }.count) ?? 0
            if asked < 3 { usleep(10_000) }
        }
        #expect(asked == 3, "the fetch did not start its requests")
        // The fetch is downloading: an append of a new sample and a delete of sample 1 go through.
        let during = [
            ImagesCommandTests.submitted(4, url: server.url("/img/i1.png"), label: "spine"),
            #"{"type":"sample.deleted","sample_id":"\#(ImagesCommandTests.id(1))"}"#,
        ]
        let append = try runner.run(["append", "--log", log], stdin: Array(during.joined(separator: "\n").utf8))
        #expect(append.status == 0, "append during a fetch: \(append.stderrText)")
        let status = try fetch.wait(timeout: 60)
        let fetchErr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(fetchErr)")
        #expect(fetchErr.contains("1 dropped"), "\(fetchErr)")
        // The summary counts the live samples only: the deleted one is neither fetched nor stored.
        #expect(fetchErr.contains("fetched 2, failed 0, 1 dropped (sample deleted during the fetch); 2 of 2 samples have their image stored"), "\(fetchErr)")
        // The deleted sample's result was dropped under the lock; the others were appended.
        let fetched = try runner.run(["log", "--log", log, "--type", "image.fetched", "--format", "json"])
        #expect(fetched.status == 0, "\(fetched.stderrText)")
        let ids = fetched.stdoutText.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: #""sample_id":""#) else { return nil }
            return String(line[start.upperBound...].prefix(36))
        }
        #expect(ids.sorted() == [ImagesCommandTests.id(2), ImagesCommandTests.id(3)])
        #expect(try runner.run(["verify", "--log", log]).status == 0)
    }

    /// A second fetch while another holds the image store's lock fails at once, naming that lock,
    /// without the log writer's hint to pass --server (tslog serve never holds the store's lock,
    /// and a --server fetch takes it too). Before, the hint was printed for either lock.
    @Test func aSecondFetchNamesTheStoreLockWithoutTheServeHint() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let line = ImagesCommandTests.submitted(1, url: "http://127.0.0.1:9/a.png", label: "spine")
        #expect(runInProcess(["append", "--log", log], stdin: Array(line.utf8)).status == 0)
        let store = BlobStore(logDirectory: log)
        let held = try store.lockForWriting()  // as the first fetch holds it (flock: per open file)
        defer { held.release() }
        let second = runInProcess(["images", "fetch", "--log", log, "--retries", "0"])
        #expect(second.status == 1)
        #expect(second.stderr == "Error: another tslog process is adding images to \(store.root) (lock \(store.root)/LOCK held)\n",
                "\(second.stderr)")
    }
}
