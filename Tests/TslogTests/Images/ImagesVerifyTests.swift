import EventLog
import Foundation
import Testing

/// `tslog images verify`: a flipped byte in a stored image is found and named.
@Suite struct ImagesVerifyTests {
    @Test func aFlippedByteIsNamed() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(runInProcess(["demo", "--log", log, "--samples", "3"]).status == 0)
        // The demo stores its drawn crops since issue 21 (the desk); this test starts from an empty store.
        try FileManager.default.removeItem(atPath: log + "/images")
        let empty = runInProcess(["images", "verify", "--log", log])
        #expect(empty.status == 0 && empty.stdout == "ok: 0 stored images, 0 bytes\n")
        let store = BlobStore(logDirectory: log)
        let a = try store.put(TestImages.png1x1)
        let b = try store.put(TestImages.gif(width: 2, height: 2))
        let clean = runInProcess(["images", "verify", "--log", log])
        #expect(clean.status == 0)
        #expect(clean.stdout == "ok: 2 stored images, \(TestImages.png1x1.count + TestImages.gif(width: 2, height: 2).count) bytes\n")
        let url = URL(fileURLWithPath: store.path(of: b.sha256))
        var data = try Data(contentsOf: url)
        data[7] ^= 0x40
        try data.write(to: url)
        let damaged = runInProcess(["images", "verify", "--log", log])
        #expect(damaged.status == 1)
        #expect(damaged.stdout == "damaged: \(b.sha256)\n1 of 2 stored images damaged\n")
        #expect(!damaged.stdout.contains(a.sha256))
        let missingLog = runInProcess(["images", "verify", "--log", dir.appendingPathComponent("nope").path])
        #expect(missingLog.status == 1)
    }
}
