import EventLog
import Foundation
import Testing

/// Images stored by a fetch whose append then failed are named by no event: `images check`
/// counts them, `images prune` removes them (never one an event names, never one stored within
/// the grace period), and a later fetch of the same URL stores and records the image again.
@Suite struct ImagesPruneTests {
    @Test func anImageWhoseAppendFailedIsReportedAndPruned() throws {
        guard ResourceLimits.available("ImagesPruneTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let kept = TestImages.png1x1
        let orphan = TestImages.paddedPNG(width: 7, height: 5, size: 3000)
        try TestImages.write(["kept.png": kept, "orphan.png": orphan], into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let tool = try BinaryRunner.locate()
        let log = dir.appendingPathComponent("log").path
        let first = ImagesCommandTests.submitted(1, url: server.url("/img/kept.png"), label: "spine") + "\n"
        #expect(try tool.run(["append", "--log", log], stdin: Array((first + ResourceLimits.lines(100, 100)).utf8)).status == 0)
        #expect(try tool.run(["images", "fetch", "--log", log, "--label", "spine"]).status == 0)
        let second = ImagesCommandTests.submitted(2, url: server.url("/img/orphan.png"), label: "spine") + "\n"
        #expect(try tool.run(["append", "--log", log], stdin: Array(second.utf8)).status == 0)

        // The segment is at the file size limit: the 3000-byte image is stored, its event is not.
        // (`--label spine`: only these two samples; the others have no reachable image.)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: log + "/00000000000000000001.jsonl")[.size] as? Int)
        let failed = try tool.run(["images", "fetch", "--log", log, "--label", "spine"], limits: ["--fsize=\(size)"])
        #expect(failed.status == 1, "\(failed.stdoutText)\(failed.stderrText)")
        #expect(failed.stderrText.contains("the file size limit (ulimit -f) was reached: raise it and run the fetch again"), "\(failed.stderrText)")
        let keptSHA = SHA256.hex(SHA256.hash(kept)), orphanSHA = SHA256.hex(SHA256.hash(orphan))
        let store = BlobStore(logDirectory: log)
        #expect(store.allBlobs().sorted() == [keptSHA, orphanSHA].sorted())

        let check = try tool.run(["images", "check", "--log", log])
        #expect(check.stderrText.contains("1 stored image is named by no event"), "\(check.stderrText)")
        let young = try tool.run(["images", "prune", "--log", log, "--dry-run"])
        #expect(young.stdoutText == "would remove 0 unreferenced images (0 bytes); kept 1 stored less than 3600 s ago\n", "\(young.stdoutText)\(young.stderrText)")
        let dry = try tool.run(["images", "prune", "--log", log, "--dry-run", "--grace-seconds", "0"])
        #expect(dry.stdoutText == "would remove \(orphanSHA) (3000 bytes)\nwould remove 1 unreferenced image (3000 bytes)\n", "\(dry.stdoutText)\(dry.stderrText)")
        #expect(store.allBlobs().count == 2)
        let pruned = try tool.run(["images", "prune", "--log", log, "--grace-seconds", "0"])
        #expect(pruned.status == 0 && pruned.stdoutText.hasSuffix("removed 1 unreferenced image (3000 bytes)\n"), "\(pruned.stdoutText)\(pruned.stderrText)")
        #expect(store.allBlobs() == [keptSHA])
        #expect(try tool.run(["verify", "--log", log]).status == 0)

        // Fetched again, the image is stored and recorded; nothing is unreferenced then.
        #expect(try tool.run(["images", "fetch", "--log", log, "--label", "spine"]).status == 0)
        #expect(store.allBlobs().sorted() == [keptSHA, orphanSHA].sorted())
        let none = try tool.run(["images", "prune", "--log", log, "--grace-seconds", "0"])
        #expect(none.stdoutText == "removed 0 unreferenced images (0 bytes)\n", "\(none.stdoutText)\(none.stderrText)")
    }
}
