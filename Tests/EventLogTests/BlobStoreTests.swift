import Foundation
import Testing
@testable import EventLog

/// The content-addressed image store: names, durability rules, deduplication, leftovers, verify.
@Suite struct BlobStoreTests {
    @Test func storesBytesOnceUnderTheirSHA256() throws {
        try withStoreDirectory { dir in
            let store = BlobStore(logDirectory: dir)
            let bytes = Array("crop bytes".utf8)
            let first = try store.put(bytes)
            let second = try store.put(bytes)
            #expect(first == BlobStore.Stored(sha256: SHA256.hex(SHA256.hash(bytes)), created: true))
            #expect(second == BlobStore.Stored(sha256: first.sha256, created: false))
            #expect(store.path(of: first.sha256) == "\(dir)/images/sha256/\(first.sha256.prefix(2))/\(first.sha256)")
            #expect(try store.read(first.sha256) == bytes)
            #expect(store.allBlobs() == [first.sha256])
            #expect(store.storedBytes() == bytes.count)
            // Nothing but the blob is left in its folder.
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/images/sha256/\(first.sha256.prefix(2))") == [first.sha256])
        }
    }

    @Test func verifyFindsAFlippedByte() throws {
        try withStoreDirectory { dir in
            let store = BlobStore(logDirectory: dir)
            let stored = try store.put(Array(repeating: 7, count: 1000))
            #expect(try store.verify(stored.sha256))
            let url = URL(fileURLWithPath: store.path(of: stored.sha256))
            var data = try Data(contentsOf: url)
            data[500] ^= 0x01
            try data.write(to: url)
            #expect(try store.verify(stored.sha256) == false)
        }
    }

    @Test func leftoversAreRemovedAndJunkIsNotABlob() throws {
        try withStoreDirectory { dir in
            let store = BlobStore(logDirectory: dir)
            let stored = try store.put([1, 2, 3])
            // What a kill -9 between create and rename leaves behind.
            let folder = "\(dir)/images/sha256/\(stored.sha256.prefix(2))"
            try Data([9, 9]).write(to: URL(fileURLWithPath: "\(folder)/.\(stored.sha256).tmp-1-abc"))
            try Data([1]).write(to: URL(fileURLWithPath: "\(dir)/images/sha256/\(stored.sha256.prefix(2))/notes.txt"))
            #expect(store.allBlobs() == [stored.sha256])
            let lock = try store.lockForWriting()
            #expect(store.removeLeftovers() == 1)
            #expect(store.removeLeftovers() == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [stored.sha256, "notes.txt"])
            lock.release()
        }
    }

    @Test func oneWriterAtATime() throws {
        try withStoreDirectory { dir in
            let store = BlobStore(logDirectory: dir)
            let held = try store.lockForWriting()
            #expect(throws: LogError.self) { try BlobStore(logDirectory: dir).lockForWriting() }
            held.release()
            try BlobStore(logDirectory: dir).lockForWriting().release()
        }
    }

    @Test func concurrentPutsOfTheSameBytesLeaveOneBlob() throws {
        let dir = NSTemporaryDirectory() + "blob-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = BlobStore(logDirectory: dir)
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            _ = try? store.put(i % 2 == 0 ? bytes : [UInt8(i)])
        }
        #expect(store.allBlobs().count == 5)
        #expect(try store.verify(SHA256.hex(SHA256.hash(bytes))))
        #expect(store.removeLeftovers() == 0)
    }

    @Test func names() {
        #expect(BlobStore.isName(String(repeating: "a0", count: 32)))
        #expect(!BlobStore.isName(String(repeating: "A0", count: 32)))
        #expect(!BlobStore.isName("abc"))
    }
}

/// Runs `body` with an existing, empty log directory (the store lives inside one).
private func withStoreDirectory(_ body: (String) throws -> Void) throws {
    try withTempLog { (dir: String) throws in
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try body(dir)
    }
}
