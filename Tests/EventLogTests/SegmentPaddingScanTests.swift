import Foundation
import Testing
@testable import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// `SegmentPadding`'s end-of-data scans read raw buffers (a word at a time, backwards in
/// growing blocks): each answer is checked against the plain scan of a Swift array.
@Suite struct SegmentPaddingScanTests {
    /// The safe twin: one past the last byte that is not NUL.
    static func plainDataEnd(_ bytes: [UInt8]) -> Int { bytes.lastIndex(where: { $0 != 0 }).map { $0 + 1 } ?? 0 }

    @Test func lastNonZeroEqualsThePlainScanForEveryShortShape() {
        // Every length up to 40 and every place of the last non-zero byte, so each word
        // boundary and each unaligned tail is crossed; plus NULs before that byte.
        for length in 0...40 {
            for last in -1..<length {
                for every in [0, 3, 11] {  // no other byte set, every third, every eleventh
                    var bytes = [UInt8](repeating: 0, count: length)
                    if every > 0 { for i in 0..<max(0, last) where i % every == 0 { bytes[i] = UInt8(truncatingIfNeeded: i + 1) } }
                    if last >= 0 { bytes[last] = 0x0A }
                    #expect(SegmentPadding.dataEnd(of: bytes) == Self.plainDataEnd(bytes), "length \(length), last \(last), every \(every)")
                }
            }
        }
    }

    @Test func dataEndOfAFileEqualsThePlainScanAcrossItsReadBlocks() throws {
        // Data ends around the 4 KiB, 20 KiB, 84 KiB and 340 KiB block edges of the backwards
        // read, and a file longer than its 256 KiB buffer; `size` short of the file too.
        let dataEnds = [0, 1, 7, 4095, 4096, 4097, 20_480, 20_481, 86_016, 86_017, 348_160, 348_161, 700_000]
        var generator = SystemRandomNumberGenerator()
        try withTempLog { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (k, dataEnd) in dataEnds.enumerated() {
                let padding = [0, 1, 8, 5000, 300_000][k % 5]
                var bytes = (0..<dataEnd).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if dataEnd > 0 { bytes[dataEnd - 1] = 0x0A }
                bytes += [UInt8](repeating: 0, count: padding)
                let path = dir + "/segment-\(k)"
                try writeBytes(bytes, path)
                let file = try OwnedFile.open(path, O_RDONLY)
                defer { try? file.close() }
                #expect(try SegmentPadding.dataEnd(of: file) == Self.plainDataEnd(bytes), "data end \(dataEnd), padding \(padding)")
                let size = bytes.count * 2 / 3
                #expect(try SegmentPadding.dataEnd(of: file, size: size) == Self.plainDataEnd(Array(bytes.prefix(size))),
                        "data end \(dataEnd), padding \(padding), first \(size) bytes")
            }
        }
    }
}
