import Foundation
import Testing
@testable import EventLog

@Suite("Reader")
struct ReaderTests {
    @Test func readerIsASnapshotAndIgnoresAnUnterminatedTail() throws {
        try withTempLog { dir in
            try withWriter(dir) { w throws in
                _ = try w.append([record(1), record(2)])
                let reader = try LogReader(directory: dir)
                _ = try w.append([record(3)])
                #expect(reader.lastSeq == 2)
                var seen: [UInt64] = []
                try reader.scan { seen.append($0.seq) }
                #expect(seen == [1, 2])
                // A half-written record (as if a writer were mid-write) is invisible.
                let handle = try #require(FileHandle(forWritingAtPath: dir + "/00000000000000000001.jsonl"))
                handle.seekToEndOfFile()
                handle.write(Data(#"{"seq":4,"recorded_at":"20"#.utf8))
                try handle.close()
                let later = try LogReader(directory: dir)
                #expect(later.lastSeq == 3)
                #expect(try allLines(dir).map(\.0) == [1, 2, 3])
            }
        }
    }

    @Test func emptyAndMissingLogs() throws {
        try withTempLog { dir in
            #expect(expectLogError { _ = try LogReader(directory: dir) }?.kind == .notALog)
            #expect(expectLogError { _ = try verifyLog(directory: dir) }?.kind == .notALog)
            try withWriter(dir) { _ in }
            let reader = try LogReader(directory: dir)
            #expect(reader.lastSeq == 0)
            #expect(try reader.seq(atOrBefore: .maximum) == nil)
            #expect(try reader.lastRecordedAt() == nil)
            var count = 0
            try reader.scan { _ in count += 1 }
            #expect(count == 0)
            #expect(try verifyLog(directory: dir) == VerifyReport(segments: 0, records: 0, bytes: 0))
        }
    }

    @Test func viewsExposeTheStoredBytes() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                _ = try w.append([NewRecord(type: "sample.deleted", schemaVersion: 1, eventID: "e\"1", payload: Array(#"{"x":"y"}"#.utf8), recordedAt: t0)])
            }
            var checked = false
            try LogReader(directory: dir).scan(verifyChecksums: false) { view in
                #expect(view.typeString == "sample.deleted")
                #expect(view.eventID == "e\"1")
                #expect(String(decoding: view.eventIDRaw!, as: UTF8.self) == #"e\"1"#)
                #expect(String(decoding: view.payload, as: UTF8.self) == #"{"x":"y"}"#)
                #expect(view.segmentFirstSeq == 1)
                #expect(view.byteOffset == 0)
                #expect(view.recordedAt == t0)
                checked = true
            }
            #expect(checked)
        }
    }

    @Test func scanReadsSegmentsLongerThanOneChunk() throws {
        try withTempLog { dir in
            // One record bigger than the first read, to exercise buffer growth.
            let big = NewRecord(type: "t", payload: Array(("{\"p\":\"" + String(repeating: "z", count: 9 << 20) + "\"}").utf8))
            try withWriter(dir, LogOptions(durable: false)) { w in _ = try w.append([record(1), big, record(3)]) }
            var sizes: [Int] = []
            try LogReader(directory: dir).scan { sizes.append($0.payload.count) }
            #expect(sizes.count == 3)
            #expect(sizes[1] == (9 << 20) + 8)
            #expect(try verifyLog(directory: dir).records == 3)
        }
    }
}
