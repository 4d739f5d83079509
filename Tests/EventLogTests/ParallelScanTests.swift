import Foundation
import Testing
@testable import EventLog

/// `scanParallel` must give exactly what `scan` gives — records, order and errors — whatever the
/// chunk size, thread count, segment layout or `through`.
@Suite("Parallel scan")
struct ParallelScanTests {
    /// What a scan saw: every seq in order, or the error that stopped it and how far it got.
    enum Outcome: Equatable {
        case records([UInt64])
        case failed(String)
        var records: [UInt64]? { if case .records(let r) = self { r } else { nil } }
    }

    /// (seq, line) pairs, or the error's text, from the sequential reader.
    static func sequential(_ dir: String, through: UInt64? = nil) -> Outcome {
        var seen: [UInt64] = []
        do {
            try LogReader(directory: dir).scan(through: through) { seen.append($0.seq) }
            return .records(seen)
        } catch {
            return .failed("\(error) after \(seen.count)")
        }
    }

    static func parallel(_ dir: String, through: UInt64? = nil, threads: Int, chunk: Int,
                         transform: @escaping @Sendable (RecordView) throws -> UInt64 = { $0.seq }) -> Outcome {
        var seen: [UInt64] = []
        do {
            try LogReader(directory: dir).scanParallel(through: through, verifyChecksums: true, threads: threads,
                                                       chunkSize: chunk, transform: transform) { seq, value in
                #expect(seq == value)
                seen.append(seq)
            }
            return .records(seen)
        } catch {
            return .failed("\(error) after \(seen.count)")
        }
    }

    /// Writes `count` records of seeded random sizes, rotating segments at `segmentBytes`.
    static func writeLog(_ dir: String, count: Int, segmentBytes: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var options = LogOptions()
        options.segmentMaxBytes = segmentBytes
        try withWriter(dir, options) { w in
            var records: [NewRecord] = []
            for i in 1...count { records.append(record(i, pad: Int(rng.next() % 300))) }
            _ = try w.append(records)
        }
    }

    @Test(arguments: [(1, 64), (2, 100), (2, 1000), (3, 4096), (2, 1 << 20)])
    func manySegmentsMatchTheSequentialScan(threads: Int, chunk: Int) throws {
        try withTempLog { dir in
            try Self.writeLog(dir, count: 400, segmentBytes: 8 << 10, seed: 7)
            #expect(try segmentNames(dir).count > 5)
            let whole = Self.sequential(dir)
            #expect(whole.records?.count == 400)
            #expect(Self.parallel(dir, threads: threads, chunk: chunk) == whole)
            for through: UInt64 in [0, 1, 2, 37, 199, 200, 399, 400, 401] {
                #expect(Self.parallel(dir, through: through, threads: threads, chunk: chunk) == Self.sequential(dir, through: through),
                        "through \(through)")
            }
        }
    }

    @Test(arguments: [64, 333, 1 << 20])
    func corruptMiddleRecordGivesTheSequentialError(chunk: Int) throws {
        try withTempLog { dir in
            try Self.writeLog(dir, count: 300, segmentBytes: 16 << 10, seed: 11)
            let segment = dir + "/" + (try segmentNames(dir)[1])
            var bytes = try readBytes(segment)
            // Flip a payload byte of the fifth line of the second segment.
            var line = 0, at = 0
            while line < 4 { if bytes[at] == 0x0A { line += 1 }; at += 1 }
            bytes[at + 100] ^= 0x01
            try writeBytes(bytes, segment)
            let expected = Self.sequential(dir)
            guard case .failed(let message) = expected else { Issue.record("corruption not seen"); return }
            #expect(message.contains("checksum") || message.contains("crc"), "\(message)")
            #expect(Self.parallel(dir, threads: 2, chunk: chunk) == expected)
        }
    }

    @Test func tornTailIsIgnored() throws {
        try withTempLog { dir in
            try Self.writeLog(dir, count: 120, segmentBytes: 8 << 10, seed: 3)
            let last = dir + "/" + (try #require(try segmentNames(dir).last))
            let handle = try #require(FileHandle(forWritingAtPath: last))
            handle.seekToEndOfFile()
            handle.write(Data(#"{"seq":121,"recorded_at":"2026-11-25T12:00:00.0"#.utf8))
            try handle.close()
            let expected = Self.sequential(dir)
            #expect(expected.records?.count == 120)
            for chunk in [50, 700, 1 << 20] {
                #expect(Self.parallel(dir, threads: 2, chunk: chunk) == expected)
            }
        }
    }

    @Test func emptyLogAndEmptyLastSegment() throws {
        try withTempLog { dir in
            try withWriter(dir) { _ in }
            #expect(Self.parallel(dir, threads: 2, chunk: 64) == .records([]))
            try Self.writeLog(dir, count: 30, segmentBytes: 1 << 20, seed: 5)
            // A segment created at rotation that holds no record yet.
            _ = FileManager.default.createFile(atPath: dir + "/00000000000000000031.jsonl", contents: Data())
            let expected = Self.sequential(dir)
            #expect(expected.records == Array(1...30))
            #expect(Self.parallel(dir, threads: 2, chunk: 64) == expected)
        }
    }

    @Test func throwingTransformGivesTheSequentialError() throws {
        struct Refused: Error, CustomStringConvertible { let seq: UInt64; var description: String { "refused \(seq)" } }
        try withTempLog { dir in
            try Self.writeLog(dir, count: 200, segmentBytes: 8 << 10, seed: 9)
            let result = Self.parallel(dir, threads: 2, chunk: 256) { view in
                if view.seq == 133 { throw Refused(seq: view.seq) }
                return view.seq
            }
            #expect(result == .failed("refused 133 after 132"))
        }
    }
}
