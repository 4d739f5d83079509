import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The report's fold (`ReportTimeline.fold`, the parallel rebuild with a visitor) against the
/// reference fold of every record one by one: the same timeline, the same answers, the same
/// image facts; and the images section from compact rows equals `ImageCheck`'s.
@Suite struct ReportFoldTests {
    /// The oracle stream with image events mixed in: fetches (some of them repeated bytes, some
    /// for deleted or never-submitted samples) and failures.
    static func events() -> [SampleEvent] {
        var out: [SampleEvent] = []
        for (n, event) in CheckpointTests.events.enumerated() {
            out.append(event)
            guard n % 3 == 0 else { continue }
            let body: EventBody = n % 15 == 0
                ? .imageFetchFailed(ImageFetchFailed(url: "https://x/\(n)", reason: "HTTP 500", httpStatus: 500))
                : .imageFetched(ImageFetched(url: "https://x/\(n)", sha256: sha(n % 7), bytes: 10, format: .png, width: 1, height: 1,
                                             contentType: "image/png"))
            out.append(SampleEvent(sampleID: event.sampleID, occurredAt: event.occurredAt, body: body))
        }
        return out
    }

    /// The SHA-256 of blob `k` (`bytes(k)`).
    static func sha(_ k: Int) -> String { SHA256.hex(SHA256.hash(bytes(k))) }
    static func bytes(_ k: Int) -> [UInt8] { Array("blob \(k)".utf8) }

    @Test func theParallelFoldEqualsTheReferenceAtEveryPoint() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events(), tagEvery: 37, segmentBytes: 16 << 10)
            let reader = try LogReader(directory: dir)
            for seq in [1, 2, reader.lastSeq / 3, reader.lastSeq / 2 + 1, reader.lastSeq - 1, reader.lastSeq] {
                let fast = try ReportTimeline.foldWithImages(reader, through: seq)
                let reference = try ReportTimeline.foldSequentially(reader, through: seq)
                #expect(fast.timeline == reference.1, "seq \(seq)")
                #expect(!fast.timeline.points.isEmpty)
                #expect(try CheckpointTests.answers(fast.projections) == CheckpointTests.answers(reference.0), "seq \(seq)")
                var images = ImageLedger()
                try SampleEventReader.forEach(in: reader, through: seq) { _, _, event, _ in images.apply(event) }
                #expect(fast.images.entries == images.entries, "seq \(seq)")
            }
            #expect(try ReportTimeline.foldWithImages(reader, through: reader.lastSeq).images.entries == ImageLedger.load(from: reader).entries)
        }
    }

    @Test func theImagesSectionFromCompactRowsEqualsTheCheck() throws {
        try withTempLogDirectory { dir in
            try writeLog(dir, Self.events(), segmentBytes: 16 << 10)
            let reader = try LogReader(directory: dir)
            let store = BlobStore(logDirectory: dir)
            // Blobs 0...4 stored, 5 and 6 not: their samples count as missing.
            for k in 0...4 { _ = try store.put(Self.bytes(k)) }
            let fold = try ReportTimeline.foldWithImages(reader, through: reader.lastSeq)
            let check = ImageCheck(rows: fold.projections.exportRows(), ledger: fold.images, store: store)
            #expect(check.stored > 0 && !check.missing.isEmpty && !check.duplicates.isEmpty && !check.conflicts.isEmpty)
            #expect(fold.projections.imageSummary(fold.images, store: store) == check.summary)
        }
    }
}
