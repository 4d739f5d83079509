import Foundation
import Testing
@testable import EventLog

@Suite("Segments, rotation, restarts")
struct RotationTests {
    @Test func rotatesAtTheLimitAndKeepsSeqGapless() throws {
        try withTempLog { dir in
            let options = LogOptions(segmentMaxBytes: 1000)
            var rng = SplitMix64(seed: 42)
            var expected: UInt64 = 0
            for restart in 0..<4 {
                try withWriter(dir, options) { w in
                    #expect(w.lastSeq == expected, "restart \(restart)")
                    for _ in 0..<5 {
                        let n = Int.random(in: 1...6, using: &rng)
                        let batch = (0..<n).map { _ in record(Int(expected), pad: Int.random(in: 0...300, using: &rng)) }
                        let result = try #require(try w.append(batch))
                        #expect(result.firstSeq == expected + 1)
                        #expect(result.lastSeq == expected + UInt64(n))
                        #expect(result.count == n)
                        expected += UInt64(n)
                    }
                }
            }
            let names = try segmentNames(dir)
            #expect(names.count > 5)
            // Every segment is within the limit unless it holds one record; names are first seqs.
            let lines = try allLines(dir)
            #expect(lines.map(\.0) == Array(1...expected))
            for name in names {
                let bytes = try readBytes(dir + "/" + name)
                let count = bytes.filter { $0 == 0x0A }.count
                #expect(bytes.count <= 1000 || count == 1, "\(name) has \(bytes.count) bytes in \(count) records")
                let firstSeq = try #require(Segment.firstSeq(ofName: name))
                #expect(String(decoding: bytes.prefix(30), as: UTF8.self).hasPrefix("{\"seq\":\(firstSeq),"))
            }
            let report = try verifyLog(directory: dir)
            #expect(report.records == expected)
            #expect(report.segments == names.count)
            #expect(try jqFailures(dir).isEmpty)
        }
    }

    @Test func recordLargerThanTheLimitGoesInAlone() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 300)) { w in
                _ = try w.append([record(1), record(2, pad: 1000), record(3)])
            }
            let names = try segmentNames(dir)
            #expect(names == ["00000000000000000001.jsonl", "00000000000000000002.jsonl", "00000000000000000003.jsonl"])
            #expect(try verifyLog(directory: dir).records == 3)
        }
    }

    @Test func emptyAppendReturnsNilAndInvalidRecordsAreRefused() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                let none = try w.append([])
                #expect(none == nil)
                let bad: [NewRecord] = [
                    NewRecord(type: "", payload: Array("{}".utf8)),
                    NewRecord(type: "t", payload: Array("{\"a\":\n1}".utf8)),
                    NewRecord(type: "t", payload: Array("[1]".utf8)),
                    NewRecord(type: "t", eventID: "", payload: Array("{}".utf8)),
                ]
                for r in bad {
                    let error = expectLogError { _ = try w.append([record(1), r]) }
                    #expect(error?.kind == .invalidRecord)
                }
                #expect(w.lastSeq == 0)
            }
            #expect(try segmentNames(dir).isEmpty)
        }
    }

    @Test func recordedAtNeverDecreases() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                _ = try w.append([record(1, at: t0), record(2, at: Timestamp(microseconds: t0.microseconds - 5)),
                                  record(3, at: Timestamp(microseconds: t0.microseconds + 7))])
                #expect(w.lastRecordedAt == Timestamp(microseconds: t0.microseconds + 7))
                _ = try w.append([record(4)])  // now (2026+ on this machine or not): never below the last
                #expect(try #require(w.lastRecordedAt) >= Timestamp(microseconds: t0.microseconds + 7))
            }
            var times: [Timestamp] = []
            try LogReader(directory: dir).scan { times.append($0.recordedAt) }
            #expect(times[1] == t0)
            #expect(times == times.sorted())
            #expect(try LogReader(directory: dir).lastRecordedAt() == times.last)
        }
    }

    @Test func strayLookAlikeFilesAreRefused() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append([record(1)]) }
            try writeBytes([], dir + "/1.jsonl")
            #expect(expectLogError { _ = try LogWriter.open(directory: dir) }?.kind == .notALog)
            #expect(expectLogError { _ = try verifyLog(directory: dir) }?.kind == .notALog)
            try FileManager.default.removeItem(atPath: dir + "/1.jsonl")
            try writeBytes([], dir + "/notes.txt")
            #expect(try verifyLog(directory: dir).records == 1)
        }
    }

    @Test func gapBetweenSegmentsIsRefused() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 200)) { w in _ = try w.append((1...6).map { record($0) }) }
            let names = try segmentNames(dir)
            try FileManager.default.removeItem(atPath: dir + "/" + names[2])
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap)
            #expect(error?.segment == names[3])
            #expect(error?.seq == 3)
            #expect(expectLogError { _ = try LogWriter.open(directory: dir) }?.kind == .gap)
        }
    }
}
