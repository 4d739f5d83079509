import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The state folded beside the table (tags, each sample's last fetched image, the report's
/// timeline) is the same whichever way the projections were made — a cold rebuild, the
/// one-thread reference fold, a checkpoint and the records after it — and equals what the
/// scans it replaces read from the log.
@Suite("Projections: tags, image facts and timeline folded with the table")
struct SideStateTests {
    /// The checkpoint tests' stream, with `image.fetched` events (a few SHA-256s, shared by many
    /// samples, some fetched again) and real `tag.set` records between them.
    static func writeStream(_ dir: String) throws {
        var rng = SplitMix64(seed: 77)
        let shas = (0..<5).map { n in String(repeating: String(n), count: 64) }
        var events: [SampleEvent] = []
        for event in CheckpointTests.events {
            events.append(event)
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let fetched = ImageFetched(url: "https://img/x.png", sha256: shas.randomElement(using: &rng)!, bytes: 10,
                                           format: .png, width: 1, height: 1)
                events.append(SampleEvent(sampleID: event.sampleID, occurredAt: event.occurredAt, body: .imageFetched(fetched)))
            }
        }
        let writer = try LogWriter.open(directory: dir, options: LogOptions(segmentMaxBytes: 24 << 10))
        defer { try? writer.close() }
        var records: [NewRecord] = []
        for (n, event) in events.enumerated() {
            records.append(NewRecord(type: event.body.type.rawValue, schemaVersion: 1, eventID: nil,
                                     payload: PayloadCodec.encode(event), recordedAt: nil))
            if n % 97 == 96 {
                // Every third tag moves an earlier name.
                let name = try TagName(stored: "t\((n / 97) % 3 == 2 ? n / 97 - 1 : n / 97)")
                records.append(TagRecord(name: name, seq: UInt64(records.count), note: n % 2 == 0 ? "note \(n)" : nil).newRecord)
            }
        }
        _ = try writer.append(records)
    }

    /// The image facts of the first `seq` records as `ImageLedger` reads them (the scan
    /// `project stats` made before).
    static func ledgerDigest(_ reader: LogReader, through seq: UInt64) throws -> ImageDigest {
        var digest = ImageDigest()
        guard seq > 0 else { return digest }
        try reader.scan(from: 1, through: seq, verifyChecksums: true) { record in
            guard record.type.starts(with: "image.".utf8) else { return }
            let event = try PayloadCodec.decode(record: record)
            if case .imageFetched(let f) = event.body { digest.apply(event.sampleID, sha256: f.sha256) }
            digest.noteEvent(at: record.location)
        }
        return digest
    }

    /// The digest and what `==` leaves out: the event count and the segments holding them.
    static func side(_ set: ProjectionSet) throws -> ([LogTag], ImageDigest, Int, [UInt64], ReportTimeline) {
        (try set.tags().all, set.images, set.images.events, set.images.segments.sorted(), set.timeline)
    }

    @Test func theSameColdWarmAndOneByOneAndAsTheScansRead() throws {
        try withTempLogDirectory { dir in
            try Self.writeStream(dir)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            for seq: UInt64 in [97, 400, 401, 700] { try CheckpointTests.checkpoint(reader, store, at: seq) }
            for through: UInt64 in [0, 1, 96, 97, 98, 399, 400, 402, 650, 700, 701, reader.lastSeq - 1, reader.lastSeq] {
                let cold = try ProjectionLoader.load(reader, through: through)
                let warm = try ProjectionLoader.load(reader, through: through, checkpoints: store).projections
                let sequential = try ProjectionLoader.loadSequentially(reader, through: through)
                let digest = try Self.ledgerDigest(reader, through: through)
                let tags = try TagIndex.load(reader, through: through).all
                let timeline = try ReportTimeline.foldSequentially(reader, through: through).1
                for (name, set) in [("cold", cold), ("warm", warm), ("one by one", sequential)] {
                    let got = try Self.side(set)
                    #expect(got.0 == tags, "\(name) tags through \(through)")
                    #expect(got.1 == digest, "\(name) images through \(through)")
                    #expect(got.2 == digest.events && got.3 == digest.segments.sorted(), "\(name) image events through \(through)")
                    #expect(!set.images.unplaced)
                    #expect(got.4 == timeline, "\(name) timeline through \(through)")
                }
            }
            let tags = try ProjectionLoader.load(reader, through: reader.lastSeq).tags().all
            #expect(tags.count >= 3)
            #expect(tags.contains { !$0.previousSeqs.isEmpty })  // a moved tag
            #expect(try ProjectionLoader.load(reader, through: reader.lastSeq).images.count > 50)
        }
    }

    @Test func theLiveStateReadsTheImageFactsOfOnlyTheSegmentsHoldingThemAsAScanWould() throws {
        try withTempLogDirectory { dir in
            try Self.writeStream(dir)
            let reader = try LogReader(directory: dir)
            let scanned = try ImageLedger.load(from: reader).entries
            #expect(scanned.count > 50)
            // Cold, then from the checkpoint the first load leaves.
            let store = CheckpointStore(logDirectory: dir)
            for _ in 0..<2 {
                let live = try LiveState(directory: dir, checkpoints: store, checkpointAfter: 0)
                #expect(live.snapshot().images?.entries == scanned)
            }
            #expect(store.seqs() == [reader.lastSeq])
        }
        // Image events in one segment of many: only that one is read, the same facts.
        try withTempLogDirectory { dir in
            try writeLog(dir, Array(CheckpointTests.events.prefix(400)), segmentBytes: 24 << 10)
            let writer = try LogWriter.open(directory: dir)
            let fetched = ImageFetched(url: "https://img/y.png", sha256: String(repeating: "a", count: 64), bytes: 3,
                                       format: .gif, width: 2, height: 2)
            let event = SampleEvent(sampleID: CheckpointTests.events[0].sampleID, occurredAt: CheckpointTests.events[0].occurredAt,
                                    body: .imageFetched(fetched))
            _ = try writer.append([NewRecord(type: event.body.type.rawValue, schemaVersion: 1, eventID: nil,
                                             payload: PayloadCodec.encode(event), recordedAt: nil)])
            try writer.close()
            let reader = try LogReader(directory: dir)
            #expect(reader.segmentCount > 4)
            let live = try LiveState(directory: dir)
            #expect(live.snapshot().images?.entries == (try ImageLedger.load(from: reader).entries))
            #expect(live.snapshot().images?.entries.count == 1)
        }
    }

    @Test func anUnreadableTagRecordIsThrownByTagsAndKeptByACheckpoint() throws {
        try withTempLogDirectory { dir in
            // writeLog's tag records are of an unknown tag type: the fold goes on, tags() throws.
            try writeLog(dir, Array(CheckpointTests.events.prefix(100)), tagEvery: 30)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            try CheckpointTests.checkpoint(reader, store, at: reader.lastSeq)
            let warm = try ProjectionLoader.load(reader, through: reader.lastSeq, checkpoints: store)
            #expect(warm.checkpointSeq == reader.lastSeq)
            func failure(_ body: () throws -> Void) -> String? {
                do { try body(); return nil } catch { return "\(error)" }
            }
            let expected = failure { _ = try TagIndex.load(reader) }
            #expect(expected != nil)
            #expect(failure { _ = try warm.projections.tags() } == expected)
            #expect(failure { _ = try ProjectionLoader.load(reader, through: reader.lastSeq).tags() } == expected)
        }
    }
}
