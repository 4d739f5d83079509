import Foundation
import Testing
@testable import EventLog

/// `SortedTable.coveredPrefix` (what a writer reads to decide whether a derived table is current)
/// believes exactly the files `SortedTable.open` believes, without keeping the block directory.
@Suite("Sorted tables: the covered prefix alone")
struct SortedTableCoverageTests {
    static let kind = SortedTable.Kind(magic: "TSLTEST1", entrySize: 32)

    /// A table of `count` 32-byte entries (keys 0, 1, 2, …) covering `prefix`.
    func writeTable(_ path: String, count: Int, prefix: LogPrefix) throws {
        try SortedTableWriter.write(path: path, kind: Self.kind, prefix: prefix, extra: 7) { add in
            for i in 0..<count {
                var entry = [UInt8](repeating: 0, count: 32)
                entry.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(i).littleEndian, toByteOffset: 8, as: UInt64.self) }
                try entry.withUnsafeBytes { try add($0) }
            }
        }
    }

    @Test func agreesWithOpenOnEveryDamagedByteOfTheDirectoryAndTrailer() throws {
        try withTempLog { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try check(dir + "/t.tbl")
        }
    }

    func check(_ path: String) throws {
        let prefix = LogPrefix(logID: LogID(high: 0x1234, low: 0x5678), seq: 4242, segmentFirstSeq: 4000, end: 9999, crc: 0xABCD)
        // 128 entries a block: 40 blocks, so the directory (960 bytes) spans many reads' worth of entries.
        try writeTable(path, count: 128 * 39 + 5, prefix: prefix)
        let coverage = try #require(SortedTable.coveredPrefix(path, kind: Self.kind))
        #expect(coverage.prefix == prefix)
        #expect(coverage.count == 128 * 39 + 5)

        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let directoryAt = (128 * 39 + 5) * 32
        // Every byte of the directory and the trailer, and a few of the entries (which neither
        // checks on open: a lookup checks the block it reads).
        let positions = Array(directoryAt..<good.count) + [0, 31, 4096, directoryAt - 1]
        for at in positions {
            var damaged = good
            damaged[at] ^= 0x20
            try damaged.write(to: URL(fileURLWithPath: path))
            let opened: Bool
            if case .loaded(let table) = SortedTable.open(path, kind: Self.kind) { table.close(); opened = true } else { opened = false }
            #expect((SortedTable.coveredPrefix(path, kind: Self.kind) != nil) == opened, "byte \(at)")
            #expect(at < directoryAt || !opened, "byte \(at) of the directory or trailer damaged, and the table believed")
        }
        // Short, empty, missing, another kind.
        try good.prefix(good.count - 1).write(to: URL(fileURLWithPath: path))
        #expect(SortedTable.coveredPrefix(path, kind: Self.kind) == nil)
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(SortedTable.coveredPrefix(path, kind: Self.kind) == nil)
        try good.write(to: URL(fileURLWithPath: path))
        #expect(SortedTable.coveredPrefix(path, kind: SortedTable.Kind(magic: "TSLOTHER", entrySize: 32)) == nil)
        try FileManager.default.removeItem(atPath: path)
        #expect(SortedTable.coveredPrefix(path, kind: Self.kind) == nil)
    }
}
