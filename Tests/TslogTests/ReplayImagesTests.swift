import EventLog
import Foundation
import Testing

/// `tslog replay`, the backup command, copies the image store with the records: the copy holds
/// every crop, each re-hashed, and a crop damaged in the source is left out, named, and makes
/// the exit code 1 while the rest of the backup is made. Through the built binary. Before, the
/// copy held the `image.fetched` events and not one image: a backup of URLs and hashes only.
struct ReplayImagesTests {
    @Test func theCopyHoldsEveryImageAndADamagedOneIsLeftOutByName() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--samples", "40", "--crops", "12", "--log", log]).status == 0)
        let source = BlobStore(logDirectory: log)
        let names = source.allBlobs()
        try #require(names.count >= 5)
        let bytes = names.reduce(0) { $0 + ((try? source.read($1).count) ?? 0) }

        let copy = dir.path + "/copy"
        let replay = try tool.run(["replay", "--log", log, "--into", copy])
        #expect(replay.status == 0, "\(replay.stderrText)")
        #expect(replay.stdoutText.hasSuffix("; verified\ncopied \(names.count) images (\(bytes) bytes), each re-hashed\n"), "\(replay.stdoutText)")
        #expect(BlobStore(logDirectory: copy).allBlobs() == names)
        for name in names { #expect(try BlobStore(logDirectory: copy).read(name) == source.read(name)) }
        // The copy's image facts all hold: nothing missing, every blob re-hashes to its name.
        #expect(try tool.run(["images", "verify", "--log", copy]).status == 0)
        #expect(try tool.run(["project", "stats", "--log", copy, "--format", "json"]).stdoutText
                == tool.run(["project", "stats", "--log", log, "--format", "json"]).stdoutText)

        // One image damaged in the source: the backup is made without it, which it names; exit 1.
        let damaged = names[2]
        var flipped = try source.read(damaged)
        flipped[flipped.count / 2] ^= 0x01
        try Data(flipped).write(to: URL(fileURLWithPath: source.path(of: damaged)))
        let second = dir.path + "/copy-2"
        let again = try tool.run(["replay", "--log", log, "--into", second])
        #expect(again.status == 1)
        #expect(again.stdoutText.contains("copied \(names.count - 1) images"), "\(again.stdoutText)")
        #expect(again.stderrText.contains("replay: left out 1 damaged image") && again.stderrText.hasSuffix(": \(damaged)\n"),
                "\(again.stderrText)")
        #expect(BlobStore(logDirectory: second).allBlobs() == names.filter { $0 != damaged })
        #expect(try tool.run(["verify", "--log", second]).status == 0)
    }
}
