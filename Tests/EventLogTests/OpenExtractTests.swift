import Foundation
import Testing
@testable import EventLog

/// `LogWriter.open(extract:apply:)`, whose `extract` runs on the threads that check sealed
/// segments ahead, folds exactly what `open(observe:)` folds, in seq order, and fails where it
/// fails.
@Suite struct OpenExtractTests {
    /// A log of many segments, so that the sealed ones are checked ahead.
    static func log(_ dir: String, records: Int = 400) throws {
        try withWriter(dir, LogOptions(segmentMaxBytes: 4_000, durable: false)) { w in
            for start in stride(from: 0, to: records, by: 50) {
                _ = try w.append((start..<start + 50).map { record($0, pad: $0 % 37, eventID: $0 % 3 == 0 ? "e\($0)" : nil) })
            }
        }
    }

    @Test func foldsWhatTheObserverFolds() throws {
        try withTempLog { dir in
            try Self.log(dir)
            #expect(try segmentNames(dir).count > 5)
            var observed: [UInt64] = []
            try LogWriter.open(directory: dir) { view in if view.seq % 7 != 0 { observed.append(view.seq) } }.close()
            var applied: [UInt64] = []
            let writer = try LogWriter.open(directory: dir, extract: { $0.seq % 7 == 0 ? nil : $0.seq }, apply: { applied.append($0) })
            #expect(writer.lastSeq == 400)
            try writer.close()
            #expect(applied == observed)
            #expect(applied.count == 400 - 400 / 7)
        }
    }

    struct Refused: Error, Equatable { var seq: UInt64 }

    /// `extract` throwing on a record of a sealed segment: the records before it are applied, in
    /// order, and the open throws that error, as the observer's open would.
    @Test func anExtractErrorSurfacesInOrder() throws {
        try withTempLog { dir in
            try Self.log(dir)
            for failing: UInt64 in [3, 150, 399] {
                var applied: [UInt64] = []
                #expect(throws: Refused(seq: failing)) {
                    _ = try LogWriter.open(directory: dir, extract: { view in
                        if view.seq == failing { throw Refused(seq: failing) }
                        return view.seq
                    }, apply: { applied.append($0) })
                }
                #expect(applied == Array(1..<failing))
            }
        }
    }
}
