import Foundation
import Testing
@testable import EventLog

@Suite("Recovery: torn tails and corruption")
struct RecoveryTests {
    /// Writes `count` records (some with event ids) and returns the segment's bytes and each line's start.
    /// The last record is written without fsync, so it was never acknowledged: the recovery
    /// point stays at the one before, and a crash may tear the last record.
    /// With `acknowledged`, only that many are fsynced (and acknowledged).
    func seed(_ dir: String, count: Int, acknowledged: Int? = nil) throws -> (bytes: [UInt8], starts: [Int]) {
        let all = (1...count).map { record($0, pad: $0 * 3, eventID: $0 % 2 == 0 ? "id-\($0)" : nil) }
        let durable = acknowledged ?? count - 1
        if durable > 0 { try withWriter(dir) { w in _ = try w.append(Array(all.prefix(durable))) } }
        try withWriter(dir, LogOptions(durable: false)) { w in _ = try w.append(Array(all.dropFirst(durable))) }
        let bytes = try readBytes(dir + "/00000000000000000001.jsonl")
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
        return (bytes, starts)
    }

    @Test func tornTailCutAtEveryByteOfTheLastRecord() throws {
        try withTempLog { dir in
            let (bytes, starts) = try seed(dir, count: 5)
            let lastStart = starts[4]
            let segment = dir + "/00000000000000000001.jsonl"
            let before = Array(bytes[..<lastStart])
            let point = try readBytes(dir + "/recovery.point")  // at seq 4: the fifth was never acknowledged
            for cut in lastStart..<bytes.count {
                try writeBytes(Array(bytes[..<cut]), segment)
                try writeBytes(point, dir + "/recovery.point")
                try withWriter(dir) { w in
                    #expect(w.recovery.truncatedBytes == cut - lastStart, "cut at \(cut)")
                    #expect(w.recovery.segment == (cut > lastStart ? "00000000000000000001.jsonl" : nil))
                    #expect(w.recovery.lastSeq == 4)
                    #expect(w.lastSeq == 4)
                    #expect(try readBytes(segment) == before)
                    #expect(try w.contains(eventID: "id-4"))
                    let next = try w.append([record(99)])
                    #expect(next?.firstSeq == 5)
                }
                #expect(try verifyLog(directory: dir).records == 5)
            }
        }
    }

    // A run of NUL bytes alone after the last record is a writer's padding now, not a torn
    // tail (`SegmentPadding`; PaddingTests.zerosAfterTheLastRecordArePadding).
    @Test(arguments: [
        Array("garbage\n".utf8),
        Array("{\"seq\":5,\"recorded_at\":\"2026\n\n".utf8),
        [0x0A],
    ])
    func garbageAfterTheLastRecordIsATornTail(tail: [UInt8]) throws {
        try withTempLog { dir in
            let (bytes, _) = try seed(dir, count: 3)
            let segment = dir + "/00000000000000000001.jsonl"
            try writeBytes(bytes + tail, segment)
            // A reader ignores it; verify reports it as torn; the writer cuts it.
            #expect(try LogReader(directory: dir).lastSeq == 3)
            #expect(try allLines(dir).count == 3)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .torn)
            #expect(error?.byteOffset == bytes.count)
            #expect(error?.seq == 4)
            try withWriter(dir) { w in
                #expect(w.recovery.truncatedBytes == tail.count)
                #expect(w.lastSeq == 3)
            }
            #expect(try readBytes(segment) == bytes)
        }
    }

    /// Changes one payload byte of the record at `seq`, keeping the line valid JSON.
    func flip(_ path: String, lineStart: Int) throws {
        var bytes = try readBytes(path)
        let line = bytes[lineStart...].prefix(while: { $0 != 0x0A })
        let marker = Array(#""pad":""#.utf8)
        let at = try #require(line.indices.first { Array(bytes[$0..<min($0 + marker.count, bytes.count)]) == marker })
        bytes[at + 3] = UInt8(ascii: "q")  // "pad" -> "paq"
        try writeBytes(bytes, path)
    }

    @Test func flippedByteInASealedSegmentIsCorruption() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 600)) { w in _ = try w.append((1...20).map { record($0, pad: 20) }) }
            let names = try segmentNames(dir)
            #expect(names.count >= 3)
            let sealed = names[1]
            let firstSeq = try #require(Segment.firstSeq(ofName: sealed))
            let path = dir + "/" + sealed
            let bytes = try readBytes(path)
            let secondLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
            try flip(path, lineStart: secondLine)
            #expect(try jqFailures(dir).isEmpty)  // still JSON: only the checksum tells
            // Opening for append reads a sealed segment's last record only (below the recovery
            // point): it opens, and appends; verify, every read and a full-check open name it.
            try withWriter(dir) { w throws in #expect(try w.append([record(21)])?.firstSeq == 21) }
            for error in [expectLogError { _ = try verifyLog(directory: dir) },
                          expectLogError { _ = try LogWriter.open(directory: dir, extract: { $0.seq }, apply: { _ in }) }] {
                #expect(error?.kind == .corrupt)
                #expect(error?.segment == sealed)
                #expect(error?.byteOffset == secondLine)
                #expect(error?.line == 2)
                #expect(error?.seq == firstSeq + 1)
                #expect(error?.description.contains("crc32c mismatch") == true)
            }
            #expect(expectLogError { try LogReader(directory: dir).scan { _ in } }?.kind == .corrupt)
            #expect(try segmentNames(dir).dropLast() == names.dropLast())
            #expect(try readBytes(path).count == bytes.count)  // nothing was cut
        }
    }

    @Test func badRecordFollowedByAValidOneInTheLastSegmentIsCorruption() throws {
        try withTempLog { dir in
            let (bytes, starts) = try seed(dir, count: 4, acknowledged: 1)  // seq 2-4 after the recovery point
            let segment = dir + "/00000000000000000001.jsonl"
            try flip(segment, lineStart: starts[1])
            let error = expectLogError { _ = try LogWriter.open(directory: dir) }
            #expect(error?.kind == .corrupt)
            #expect(error?.byteOffset == starts[1])
            #expect(error?.line == 2)
            #expect(error?.seq == 2)
            #expect(try readBytes(segment).count == bytes.count)
        }
    }

    @Test func writeFailureRollsBackTheWholeBatch() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 500)) { w in
                _ = try w.append([record(1)])
                let namesBefore = try segmentNames(dir)
                let sizeBefore = try readBytes(dir + "/" + namesBefore[0]).count
                // Fails inside the second segment of a rotating batch.
                w.faults.failWriteAfterBytes = 700
                let error = expectLogError { _ = try w.append((2...12).map { record($0, pad: 40) }) }
                #expect(error?.kind == .io)
                #expect(error?.errno == Errno.noSpace.rawValue)
                #expect(try segmentNames(dir) == namesBefore)
                #expect(try readBytes(dir + "/" + namesBefore[0]).count == sizeBefore)
                #expect(w.lastSeq == 1)
                let next = try w.append([record(2)])
                #expect(next?.firstSeq == 2)
            }
            #expect(try verifyLog(directory: dir).records == 2)
        }
    }

    @Test func fsyncFailureMakesTheWriterRefuseAppends() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                _ = try w.append([record(1)])
                w.faults.failFsync = true
                #expect(expectLogError { _ = try w.append([record(2)]) }?.kind == .writerUnusable)
                let again = expectLogError { _ = try w.append([record(3)]) }
                #expect(again?.kind == .writerUnusable)
                #expect(again?.description.contains("fsync") == true)
            }
            // The bytes were written; reopening accepts what passes its checksum.
            try withWriter(dir) { w in #expect(w.lastSeq == 2) }
        }
    }
}
