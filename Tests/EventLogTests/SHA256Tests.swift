import Foundation
import TestSupport
import Testing
import EventLog

/// Our SHA-256 against the FIPS 180-4 vectors and against `sha256sum` on seeded random inputs.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func oneMillionAsInUnevenPieces() {
        var hash = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 999)
        var left = 1_000_000
        var piece = 1
        while left > 0 {
            let n = min(piece, left, chunk.count)
            hash.update(Array(chunk[0..<n]))
            left -= n
            piece = piece % 997 + 13
        }
        #expect(SHA256.hex(hash.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length around the padding boundaries (0...200) and a few larger, against sha256sum.
    @Test func equalsSha256sum() throws {
        let dir = NSTemporaryDirectory() + "sha256-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SplitMix64(seed: 2026)
        let lengths = Array(0...200) + [1023, 1024, 1025, 65_536, 100_003]
        var expected: [String] = []
        for (i, n) in lengths.enumerated() {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/\(i)"))
            expected.append(SHA256.hex(SHA256.hash(bytes)))
        }
        let out = dir + "/sums"
        let names = lengths.indices.map { "\(dir)/\($0)" }
        let child = try ChildProcess.spawn("/usr/bin/env", ["sha256sum"] + names, environment: ["PATH": "/usr/bin:/bin"], stdout: out)
        try #require(try child.wait() == 0)
        let sums = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { String($0.prefix(64)) }
        #expect(sums == expected)
    }
}
