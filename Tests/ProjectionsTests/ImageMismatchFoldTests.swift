import EventLog
import Foundation
@testable import Projections
import SampleDomain
import TestSupport
import Testing

/// The mismatches the fold keeps (`ImageDigest.mismatched`: live samples whose recorded
/// `image_width`, `image_height` or `file_size_bytes` differ from their last fetch's facts) are
/// what `ImageCheck` finds by reading every row back — at every point of a stream of submits,
/// size updates and clears, deletes, resubmits and fetches, folded cold, one by one, from a
/// checkpoint plus the records after it, and by a live state catching up.
@Suite("Projections: image mismatches kept by the fold")
struct ImageMismatchFoldTests {
    /// Submits with and without sizes, size updates and clears, deletes and resubmits, relabels,
    /// and fetches whose facts are drawn from the same few sizes (so that some agree and some do
    /// not), over 60 ids.
    static func events() -> [SampleEvent] {
        var rng = SplitMix64(seed: 5)
        let ids = (0..<60).map { _ in SampleID(high: rng.next(), low: rng.next()) }
        let sizes: [Int64?] = [nil, 1, 300, 1988]
        let bytes: [Int64?] = [nil, 0, 123_456]
        var live = Set<SampleID>()
        var out: [SampleEvent] = []
        let base = Timestamp(microseconds: 1_790_000_000_000_000)
        for n in 0..<1200 {
            let id = ids.randomElement(using: &rng)!
            let at = Timestamp(microseconds: base.microseconds + Int64(n) * 1_000_000)
            let roll = Int.random(in: 0..<100, using: &rng)
            let body: EventBody
            if !live.contains(id) {
                body = .submitted(SampleSubmitted(imageURL: "https://img/\(n).png", imagePath: "p/\(n)", label: "l\(roll % 3)", labelType: .grade,
                                                  imageWidth: sizes.randomElement(using: &rng)!, imageHeight: sizes.randomElement(using: &rng)!,
                                                  fileSizeBytes: bytes.randomElement(using: &rng)!))
                live.insert(id)
            } else if roll < 35 {
                body = .imageFetched(ImageFetched(url: "https://img/x.png", sha256: String(repeating: "\(roll % 4)", count: 64),
                                                  bytes: bytes.randomElement(using: &rng)! ?? 7, format: .png,
                                                  width: sizes.randomElement(using: &rng)! ?? 5, height: sizes.randomElement(using: &rng)! ?? 5))
            } else if roll < 65 {
                var u = SampleUpdated()
                switch roll % 4 {
                case 0: u.imageWidth = sizes.randomElement(using: &rng)! ?? 2
                case 1: u.imageHeight = sizes.randomElement(using: &rng)! ?? 2
                case 2: u.fileSizeBytes = bytes.randomElement(using: &rng)! ?? 2
                default: u.clear = [[.imageWidth], [.imageHeight], [.fileSizeBytes], [.imageWidth, .fileSizeBytes]].randomElement(using: &rng)!
                }
                body = .updated(u)
            } else if roll < 75 {
                body = .imageFetchFailed(ImageFetchFailed(url: "https://img/x.png", reason: "http 404", httpStatus: 404))
            } else if roll < 85 {
                body = .relabeled(SampleRelabeled(label: "l\(roll % 5)"))
            } else {
                body = .deleted(SampleDeleted(reason: "r"))
                live.remove(id)
            }
            out.append(SampleEvent(sampleID: id, occurredAt: at, body: body))
        }
        return out
    }

    /// `ImageCheck`'s mismatched samples at `set`'s point, every blob taken as stored.
    static func oracle(_ set: ProjectionSet, _ reader: LogReader) throws -> Set<SampleID> {
        var ledger = ImageLedger()
        if set.lastSeq > 0 {
            try SampleEventReader.forEach(in: reader, through: set.lastSeq) { _, _, event, _ in ledger.apply(event) }
        }
        var out = Set<SampleID>()
        for row in set.exportRows() {
            guard let f = ledger.entries[row.id]?.fetched else { continue }
            for (recorded, actual) in [(row.imageWidth, f.width), (row.imageHeight, f.height), (row.fileSizeBytes, f.bytes)] {
                if let recorded, recorded != actual { out.insert(row.id) }
            }
        }
        return out
    }

    @Test func theFoldsMismatchesAreWhatTheCheckFindsColdWarmAndOneByOne() throws {
        try withTempLogDirectory { dir in
            let events = Self.events()
            try writeLog(dir, events, tagEvery: 41, segmentBytes: 24 << 10)
            let reader = try LogReader(directory: dir)
            let store = CheckpointStore(logDirectory: dir)
            for seq: UInt64 in [150, 400, 401] { try CheckpointTests.checkpoint(reader, store, at: seq) }
            var seen = 0
            for through: UInt64 in [0, 1, 149, 150, 151, 399, 400, 402, 700, reader.lastSeq - 1, reader.lastSeq] {
                let cold = try ProjectionLoader.load(reader, through: through)
                let warm = try ProjectionLoader.load(reader, through: through, checkpoints: store).projections
                let sequential = try ProjectionLoader.loadSequentially(reader, through: through)
                let expected = try Self.oracle(cold, reader)
                seen = max(seen, expected.count)
                for (name, set) in [("cold", cold), ("warm", warm), ("one by one", sequential)] {
                    #expect(set.images.mismatched == expected, "\(name) through \(through)")
                }
            }
            #expect(seen >= 10, "the stream should make mismatches")
        }
    }

    @Test func aLiveStateCatchingUpKeepsThemAsAColdFoldDoes() throws {
        try withTempLogDirectory { dir in
            let events = Self.events()
            let half = events.count / 2
            try writeLog(dir, Array(events[..<half]))
            let live = try LiveState(directory: dir, checkpoints: CheckpointStore(logDirectory: dir), checkpointAfter: 0)
            let writer = try LogWriter.open(directory: dir)
            for chunk in stride(from: half, to: events.count, by: 97) {
                let records = events[chunk..<min(chunk + 97, events.count)].map {
                    NewRecord(type: $0.body.type.rawValue, schemaVersion: 1, eventID: nil, payload: PayloadCodec.encode($0), recordedAt: nil)
                }
                _ = try writer.append(records)
                try live.catchUp()
                let reader = try LogReader(directory: dir)
                let snapshot = live.snapshot()
                #expect(snapshot.projections.images.mismatched == (try Self.oracle(snapshot.projections, reader)), "after \(chunk)")
            }
            try writer.close()
            // Restarted from the checkpoint the first start left: the same set.
            let again = try LiveState(directory: dir, checkpoints: CheckpointStore(logDirectory: dir), checkpointAfter: 0)
            #expect(again.snapshot().projections.images.mismatched == live.snapshot().projections.images.mismatched)
        }
    }
}
