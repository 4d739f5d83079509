import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// Checkpoints: used only when every check passes, and never change an answer.
@Suite("Checkpoints")
struct CheckpointTests {
    static let events = OracleTests.stream(seed: 41, count: 800, ids: 150)
    static let ids = Array(Set(events.map(\.sampleID))).sorted { $0.description < $1.description }

    static func answers(_ set: ProjectionSet) throws -> [String] {
        try everyAnswer(set, ids: ids, labels: OracleTests.labels)
    }

    /// Folds through `seq` cold and saves a checkpoint there.
    static func checkpoint(_ reader: LogReader, _ store: CheckpointStore, at seq: UInt64) throws {
        let outcome = try ProjectionLoader.load(reader, through: seq, checkpoints: nil)
        #expect(ProjectionLoader.saveCheckpoint(outcome, to: store, minimumReplay: 0))
    }

    static func path(_ store: CheckpointStore, _ seq: UInt64) -> String { store.directory + "/" + CheckpointStore.name(seq) }

    @Test func answersAreTheSameWithAndWithoutCheckpointsAtEveryPoint() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events, tagEvery: 9, segmentBytes: 24 << 10)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            // 300 and 301 straddle a tag record; the last seq is a sample event or a tag.
            for seq: UInt64 in [1, 300, 301, 600, reader.lastSeq] { try Self.checkpoint(reader, store, at: seq) }
            #expect(store.seqs() == [reader.lastSeq, 600, 301, 300])  // newest four kept
            for through: UInt64 in [0, 1, 299, 300, 301, 450, 600, 601, reader.lastSeq - 1, reader.lastSeq] {
                let cold = try ProjectionLoader.load(reader, through: through)
                let warm = try ProjectionLoader.load(reader, through: through, checkpoints: store)
                #expect(try Self.answers(warm.projections) == Self.answers(cold), "through \(through)")
                #expect(warm.projections.lastSeq == through)
                let expectedStart: UInt64 = [reader.lastSeq, 600, 301, 300].first { $0 <= through } ?? 0
                #expect(warm.checkpointSeq == expectedStart, "through \(through)")
                #expect(warm.replayed == through - expectedStart)
            }
        }
    }

    @Test func asOfReadsStartFromTheNearestEarlierCheckpoint() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            try Self.checkpoint(reader, store, at: 200)
            try Self.checkpoint(reader, store, at: 500)
            #expect(try ProjectionLoader.load(reader, through: 350, checkpoints: store).checkpointSeq == 200)
            #expect(try ProjectionLoader.load(reader, through: 500, checkpoints: store).checkpointSeq == 500)
            #expect(try ProjectionLoader.load(reader, through: 799, checkpoints: store).checkpointSeq == 500)
            #expect(try ProjectionLoader.load(reader, through: 199, checkpoints: store).checkpointSeq == 0)
        }
    }

    /// Every single-byte corruption class: magic, version fields, header, log id, anchor, body
    /// length and hash, body, length. (Format 3 put the log id at 24..<40: 90 is in the body now.)
    @Test(arguments: [0, 9, 13, 17, 30, 45, 53, 58, 70, 90, -1])
    func aDamagedCheckpointIsIgnored(offset: Int) throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            try Self.checkpoint(reader, store, at: 300)
            try Self.checkpoint(reader, store, at: 600)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path(store, 600))))
            if offset >= 0 { bytes[offset] ^= 0x20 } else { bytes.removeLast() }
            try Data(bytes).write(to: URL(fileURLWithPath: Self.path(store, 600)))
            let warm = try ProjectionLoader.load(reader, through: 700, checkpoints: store)
            #expect(warm.checkpointSeq == 300)
            #expect(try Self.answers(warm.projections) == Self.answers(try ProjectionLoader.load(reader, through: 700)))
        }
    }

    /// The body is restored while it is still being hashed: damage anywhere in it — here every
    /// byte of the label and function counts set to 0xFF, the largest counts there are, and
    /// seeded flips through the whole body — must be refused, never trusted or crashed on.
    @Test func aDamagedBodyIsIgnoredWhereverItIsDamaged() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            let expected = try Self.answers(try ProjectionLoader.load(reader, through: 700))
            try Self.checkpoint(reader, store, at: 600)
            let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path(store, 600))))
            let body = CheckpointStore.headerSize
            var rng = SplitMix64(seed: 81)
            var damaged: [[UInt8]] = []
            var counts = good
            for i in body..<(body + 4) { counts[i] = 0xFF }  // the label count
            damaged.append(counts)
            for _ in 0..<40 {
                var bytes = good
                bytes[Int.random(in: body..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                damaged.append(bytes)
            }
            for bytes in damaged {
                try Data(bytes).write(to: URL(fileURLWithPath: Self.path(store, 600)))
                let warm = try ProjectionLoader.load(reader, through: 700, checkpoints: store)
                #expect(warm.checkpointSeq == 0)
                #expect(try Self.answers(warm.projections) == expected)
            }
        }
    }

    @Test func aCheckpointOfAnotherFoldVersionIsIgnored() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            try Self.checkpoint(reader, store, at: 600)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path(store, 600))))
            bytes[12] = UInt8(truncatingIfNeeded: ProjectionSet.foldVersion + 1)  // fold version, little-endian
            // Re-seal the header so that only the version is wrong.
            let crc = CRC32C.checksum(Array(bytes[0..<(CheckpointStore.headerSize - 4)]))
            for i in 0..<4 { bytes[CheckpointStore.headerSize - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
            try Data(bytes).write(to: URL(fileURLWithPath: Self.path(store, 600)))
            #expect(try ProjectionLoader.load(reader, through: 700, checkpoints: store).checkpointSeq == 0)
            // The untouched checkpoint is accepted: the test above fails for the version alone.
            try Self.checkpoint(reader, store, at: 600)
            #expect(try ProjectionLoader.load(reader, through: 700, checkpoints: store).checkpointSeq == 600)
        }
    }

    @Test func aCheckpointOfAnotherLogIsIgnored() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            let store = CheckpointStore(logDirectory: dir)
            try Self.checkpoint(try LogReader(directory: dir), store, at: 600)
            // Replace the log with a different one of the same length; keep the checkpoint.
            let saved = dir + "-checkpoints.saved"
            try FileManager.default.moveItem(atPath: store.directory, toPath: saved)
            try FileManager.default.removeItem(atPath: dir)
            try writeLog(dir, OracleTests.stream(seed: 42, count: 800, ids: 150))
            try FileManager.default.moveItem(atPath: saved, toPath: store.directory)
            let reader = try LogReader(directory: dir)
            let warm = try ProjectionLoader.load(reader, through: 700, checkpoints: store)
            #expect(warm.checkpointSeq == 0)
        }
    }

    @Test func aSetWithInlineColumnsIsNotCheckpointed() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events)
            var set = ProjectionSet()
            for (n, event) in Self.events.enumerated() { set.apply(event, seq: UInt64(n + 1)) }
            #expect(set.checkpointBody() == nil)
        }
    }
}
