import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The records after a checkpoint, read from its anchor onwards, fold exactly as a cold fold
/// does — across segment ends, and with the same error at a damaged record.
@Suite("Checkpoint tails")
struct CheckpointTailTests {
    static let events = CheckpointTests.events

    @Test func everyCheckpointAndEveryLaterPointAgreeWithAColdFold() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events, tagEvery: 7, segmentBytes: 16 << 10)
            let reader = try LogReader(directory: dir)
            let points: [UInt64] = [1, 55, 56, 57, 130, 131, 400, 401, reader.lastSeq - 1, reader.lastSeq]
            for at in points.dropLast() {
                // One checkpoint at a time, so each point starts from exactly this one.
                let real = CheckpointStore(logDirectory: dir)
                try? FileManager.default.removeItem(atPath: real.directory)
                try CheckpointTests.checkpoint(reader, real, at: at)
                for through in points where through >= at {
                    let warm = try ProjectionLoader.load(reader, through: through, checkpoints: real)
                    #expect(warm.checkpointSeq == at, "checkpoint \(at), through \(through)")
                    #expect(warm.projections.lastSeq == through)
                    let cold = try ProjectionLoader.loadSequentially(reader, through: through)
                    #expect(try CheckpointTests.answers(warm.projections) == CheckpointTests.answers(cold),
                            "checkpoint \(at), through \(through)")
                    #expect(warm.projections.lastLocation == cold.lastLocation)
                }
            }
        }
    }

    /// A damaged record right after the checkpoint, in its segment, is reported as a cold fold
    /// reports it — not skipped, and not folded.
    @Test(arguments: [UInt64(301), 305])
    func aDamagedTailRecordFailsAsAColdFoldDoes(damaged: UInt64) throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            try CheckpointTests.checkpoint(reader, store, at: 300)
            var location: RecordLocation?
            try reader.scan(from: damaged, through: damaged) { location = $0.location }
            let at = try #require(location)
            let path = dir + "/" + String(format: "%020llu.jsonl", at.segmentFirstSeq)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[at.byteOffset + 40] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let fresh = try LogReader(directory: dir)
            let coldError = #expect(throws: (any Error).self) { try ProjectionLoader.loadSequentially(fresh, through: fresh.lastSeq) }
            let warmError = #expect(throws: (any Error).self) {
                try ProjectionLoader.load(fresh, through: fresh.lastSeq, checkpoints: store)
            }
            #expect(warmError.map { "\($0)" } == coldError.map { "\($0)" })
        }
    }
}
