import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The live state, caught up batch by batch while the log grows, answers every question as a
/// cold fold of the same records does; its tags and report timeline too; a snapshot never changes.
@Suite("Live state")
struct LiveStateTests {
    static let events = CheckpointTests.events

    /// Appends `events` in batches of the given sizes (cycled) through one writer with small
    /// segments, a tag record after some batches; calls `afterBatch` after each append.
    static func grow(_ dir: String, batches: [Int], afterBatch: () throws -> Void) throws {
        try grow(dir, batches: batches) { (_: LogWriter) in try afterBatch() }
    }

    /// `grow`, handing `afterBatch` the writer (as the server's leader has it after a commit).
    static func grow(_ dir: String, batches: [Int], afterBatch: (LogWriter) throws -> Void) throws {
        let writer = try LogWriter.open(directory: dir, options: LogOptions(segmentMaxBytes: 16 << 10, durable: false))
        defer { try? writer.close() }
        var next = 0
        var batch = 0
        while next < events.count {
            let size = min(batches[batch % batches.count], events.count - next)
            var records = events[next..<(next + size)].map { event in
                NewRecord(type: event.body.type.rawValue, payload: PayloadCodec.encode(event))
            }
            if batch % 3 == 1 {
                let tag = TagRecord(name: try TagName("t\(batch % 4)"), seq: writer.lastSeq, note: "batch \(batch)",
                                    movedFrom: nil)
                records.append(tag.newRecord)
            }
            _ = try writer.append(records)
            next += size
            batch += 1
            try afterBatch(writer)
        }
    }

    /// The server's catch-up: after each commit, the lines the writer just wrote
    /// (`LogWriter.lastCommit`) are folded from memory; commits it did not keep (one that
    /// started a segment mid-batch) and lines that are not the next ones (a stale commit) are
    /// read from the log instead. Either way the state is a cold fold's.
    @Test(arguments: [[1], [1, 7, 64], [300]])
    func foldingEachCommitFromMemoryAgreesWithAColdFold(batches: [Int]) throws {
        try withTempLogDirectory { dir in
            _ = try LogWriter.open(directory: dir, options: LogOptions(durable: false)).close()
            let live = try LiveState(directory: dir)
            _ = try live.reportSnapshot()
            var kept = 0, notKept = 0
            var previous: CommittedLines?
            var checkedAt: UInt64 = 0
            try Self.grow(dir, batches: batches) { (writer: LogWriter) in
                if let commit = writer.lastCommit {
                    kept += 1
                    #expect(commit.lastSeq == writer.lastSeq)
                } else {
                    notKept += 1
                }
                // Every fourth commit is offered the one before it: not the next lines, ignored.
                let offered = kept % 4 == 3 ? previous : writer.lastCommit
                previous = writer.lastCommit
                let seq = try live.catchUp(through: writer.lastSeq, committed: offered)
                #expect(seq == writer.lastSeq)
                guard seq - checkedAt >= 200 else { return }
                checkedAt = seq
                let reader = try LogReader(directory: dir)
                let snapshot = try live.reportSnapshot()
                let cold = try ProjectionLoader.loadSequentially(reader, through: seq)
                #expect(try CheckpointTests.answers(snapshot.projections) == CheckpointTests.answers(cold), "seq \(seq)")
                #expect(snapshot.projections.lastLocation == cold.lastLocation)
                #expect(snapshot.tags.all == (try TagIndex.load(reader)).all)
                #expect(snapshot.timeline == (try ReportTimeline.fold(reader, through: seq)).1)
            }
            // 16 KiB segments: a batch of 300 always spans two or more, and is read back.
            if batches == [300] { #expect(notKept > 0) } else { #expect(kept > notKept) }
        }
    }

    @Test(arguments: [[1], [1, 7, 64], [200]])
    func catchingUpAfterEachAppendAgreesWithAColdFold(batches: [Int]) throws {
        try withTempLogDirectory { dir in
            _ = try LogWriter.open(directory: dir, options: LogOptions(durable: false)).close()
            let live = try LiveState(directory: dir)
            _ = try live.reportSnapshot()  // from here on the timeline is kept current too
            var checkedAt: UInt64 = 0
            try Self.grow(dir, batches: batches) {
                let before = live.snapshot()
                let seq = try live.catchUp()
                let reader = try LogReader(directory: dir)
                #expect(seq == reader.lastSeq)
                #expect(before.seq <= seq)
                // Comparing every state is slow: one about every 200 records is enough.
                guard seq - checkedAt >= 200 else { return }
                checkedAt = seq
                let snapshot = try live.reportSnapshot()
                let cold = try ProjectionLoader.loadSequentially(reader, through: seq)
                #expect(try CheckpointTests.answers(snapshot.projections) == CheckpointTests.answers(cold), "seq \(seq)")
                #expect(snapshot.projections.lastLocation == cold.lastLocation)
                #expect(snapshot.tags.all == (try TagIndex.load(reader)).all)
                #expect(snapshot.timeline == (try ReportTimeline.fold(reader, through: seq)).1)
            }
        }
    }

    @Test func aSnapshotStaysAsItWasWhileTheStateCatchesUp() throws {
        try withTempLogDirectory { dir in
            _ = try LogWriter.open(directory: dir, options: LogOptions(durable: false)).close()
            let live = try LiveState(directory: dir)
            var snapshots: [(LiveSnapshot, [String])] = []
            try Self.grow(dir, batches: [150]) {
                let snapshot = live.snapshot()
                snapshots.append((snapshot, try CheckpointTests.answers(snapshot.projections)))
                try live.catchUp()
            }
            for (snapshot, answers) in snapshots {
                #expect(try CheckpointTests.answers(snapshot.projections) == answers, "seq \(snapshot.seq)")
            }
            #expect(live.seq == (try LogReader(directory: dir)).lastSeq)
        }
    }

    @Test func aLiveStateLoadedFromACheckpointCatchesUpFromIt() throws {
        try withTempLogDirectory { dir in
            var appended = 0
            try Self.grow(dir, batches: [100]) {
                appended += 1
                if appended == 4 {
                    let store = CheckpointStore(logDirectory: dir)
                    let live = try LiveState(directory: dir, checkpoints: store, checkpointAfter: 0)
                    #expect(store.newestValid(atOrBefore: live.seq, rowSource: RecordFetcher(directory: dir)) != nil)
                    let again = try LiveState(directory: dir, checkpoints: store)
                    #expect(try CheckpointTests.answers(again.snapshot().projections)
                            == CheckpointTests.answers(live.snapshot().projections))
                }
            }
            let store = CheckpointStore(logDirectory: dir)
            let live = try LiveState(directory: dir, checkpoints: store)
            let reader = try LogReader(directory: dir)
            #expect(live.seq == reader.lastSeq)
            #expect(try CheckpointTests.answers(live.snapshot().projections)
                    == CheckpointTests.answers(ProjectionLoader.loadSequentially(reader, through: reader.lastSeq)))
        }
    }
}
