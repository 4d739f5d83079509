import EventLog
import Foundation
import Projections
import SampleDomain

/// The live state a server keeps: loading it once, and catching it up after each commit.
extension Scenarios {
    /// The median seconds `LiveState.catchUp()` takes after each of `runs` appends of `batch`
    /// new events (demo events of another seed, so new samples), and the seq reached.
    static func liveCatchUps(_ live: LiveState, directory: String, batch: Int, runs: Int, seed: UInt64) throws -> (Double, UInt64) {
        var events = DemoGenerator(seed: seed, samples: batch * runs + 10).makeIterator()
        let writer = try LogWriter.open(directory: directory)
        defer { try? writer.close() }
        var seconds: [Double] = []
        for _ in 0..<runs {
            var records: [NewRecord] = []
            while records.count < batch, let next = events.next() {
                records.append(NewRecord(type: next.event.body.type.rawValue, payload: PayloadCodec.encode(next.event)))
            }
            _ = try writer.append(records)
            seconds.append(try Measure.time { try live.catchUp() }.seconds)
        }
        return (Measure.median(seconds), live.seq)
    }

    /// What one read at the end of the log costs the server before rendering: a snapshot and
    /// the `overall` query; the median of `runs` batches of 1,000.
    static func liveOverall(_ live: LiveState, runs: Int) throws -> Double {
        try Measure.median(runs: runs) {
            for _ in 0..<1000 { _ = try live.snapshot().projections.query(.overall, QueryOptions()) }
        }.seconds / 1000
    }
}
