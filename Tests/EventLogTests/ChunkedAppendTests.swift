import Testing
import Foundation
@testable import EventLog

/// `LogWriter.append(chunks:)`, the writer of a batch too big to hold (`tslog append` of a
/// huge file): the bytes are those of one `append` of the whole batch, and an error of the
/// batch's producer after some chunks were written — segments rolled included — undoes it all.
@Suite struct ChunkedAppendTests {
    struct ProducerFailed: Error {}

    /// Hands out `records` in chunks of `size`, an empty chunk between each two.
    static func chunks(_ records: [NewRecord], _ size: Int) -> () -> [NewRecord]? {
        var start = 0, gap = false
        return {
            guard start < records.count else { return nil }
            gap.toggle()
            if !gap { return [] }
            defer { start += size }
            return Array(records[start..<min(start + size, records.count)])
        }
    }

    @Test("chunks write the bytes of one append of the whole batch, rotation included")
    func chunksWriteTheSameBytes() throws {
        let records = ParallelPlanTests.records(3_000, seed: 7)
        let options = LogOptions(segmentMaxBytes: 64 << 10)
        let whole = try withTempLog { dir in
            try withWriter(dir, options) { w in _ = try w.append(records) }
            return try ParallelPlanTests.files(dir)
        }
        let chunked = try withTempLog { dir in
            let result = try withWriter(dir, options) { w in try w.append(chunks: Self.chunks(records, 700), payloadsChecked: false) }
            #expect(result == AppendResult(firstSeq: 1, lastSeq: 3_000, count: 3_000))
            #expect(try verifyLog(directory: dir).records == 3_000)
            return try ParallelPlanTests.files(dir)
        }
        #expect(chunked.count > 3)
        #expect(chunked == whole)
    }

    @Test func aProducerThatGivesNothingAppendsNothing() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                var calls = 0
                let result = try w.append(chunks: { calls += 1; return calls < 4 ? [] : nil }, payloadsChecked: false)
                #expect(result == nil && w.lastSeq == 0)
                #expect(try segmentNames(dir).isEmpty)
            }
        }
    }

    @Test("an error of the producer after segments rolled leaves the log as before the batch")
    func aProducerErrorUndoesTheWholeBatch() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 500)) { w in
                _ = try w.append([record(1)])
                let namesBefore = try segmentNames(dir)
                let sizeBefore = try readBytes(dir + "/" + namesBefore[0]).count
                var given = 0
                #expect(throws: ProducerFailed.self) {
                    _ = try w.append(chunks: {
                        given += 1
                        if given > 3 { throw ProducerFailed() }
                        return (0..<4).map { record(given * 10 + $0, pad: 40) }
                    }, payloadsChecked: false)
                }
                #expect(given == 4)
                #expect(try segmentNames(dir) == namesBefore)
                #expect(try readBytes(dir + "/" + namesBefore[0]).count == sizeBefore)
                #expect(w.lastSeq == 1)
                #expect(try w.append([record(2)])?.firstSeq == 2)
            }
            #expect(try verifyLog(directory: dir).records == 2)
        }
    }
}
