import EventLog
import Foundation
import Projections
import SampleDomain

/// The measurements, each through the same code the `tslog` commands run.
enum Scenarios {
    struct AppendResult {
        var events: Int
        var seconds: Double
        var bytes: Int
        /// Seconds of each 10,000-event batch.
        var batchSeconds: [Double]
    }

    /// Writes the seeded log through `SampleStore` (validation, encoding, `LogWriter`), one durable
    /// append (one fsync) per `batch` lines, exactly as `tslog append` does with a file of that size.
    static func batchAppend(samples: Int, seed: UInt64, directory: String, batch: Int = 10_000,
                            durable: Bool = true) throws -> AppendResult {
        let store = try SampleStore(directory: directory, options: LogOptions(durable: durable))
        defer { try? store.close() }
        var generator = EventGenerator(samples: samples, seed: seed)
        var events = 0
        var batchSeconds: [Double] = []
        // Lines are generated ahead of the clock: only the append path is timed.
        var start = Timestamp(microseconds: 1_764_072_000_000_000)  // recorded_at: 2025-11-25T12:00:00Z
        while true {
            let lines = generator.next(max: batch)
            if lines.isEmpty { break }
            let (seconds, summary) = try Measure.time { try store.append(lines: lines, skipInvalid: false, now: start) }
            if let refused = summary.refused.first { throw BenchFailure("generated line refused: \(refused)") }
            batchSeconds.append(seconds)
            events += summary.appended
            start = Timestamp(microseconds: start.microseconds + 1_000_000)
        }
        let total = batchSeconds.reduce(0, +)
        return AppendResult(events: events, seconds: total, bytes: Measure.logBytes(directory), batchSeconds: batchSeconds)
    }

    /// `count` appends of one event each, each durable (one fsync), through `SampleStore`.
    static func singleAppends(count: Int, seed: UInt64, directory: String) throws -> [Double] {
        let store = try SampleStore(directory: directory, options: LogOptions(durable: true))
        defer { try? store.close() }
        var generator = EventGenerator(samples: count, seed: seed &+ 1)
        var times: [Double] = []
        while times.count < count {
            let lines = generator.next(max: 1)
            if lines.isEmpty { break }
            let (seconds, summary) = try Measure.time { try store.append(lines: lines, skipInvalid: false, now: .now()) }
            if let refused = summary.refused.first { throw BenchFailure("generated line refused: \(refused)") }
            times.append(seconds)
        }
        return times
    }

    /// A cold rebuild as every reading command does it (`ProjectionLoader.load`): open the log,
    /// read every record with its checksum, decode its facts and fold, on two threads.
    static func rebuild(_ directory: String) throws -> ProjectionSet {
        let reader = try LogReader(directory: directory)
        return try ProjectionLoader.load(reader, through: reader.lastSeq)
    }

    /// The reference fold the parallel one is tested against: one thread, full events.
    static func rebuildSequentially(_ directory: String) throws -> ProjectionSet {
        let reader = try LogReader(directory: directory)
        return try ProjectionLoader.loadSequentially(reader, through: reader.lastSeq)
    }

    /// `tslog query overall --as-of-seq <middle>`: fold up to the middle of the log, then answer.
    static func queryAtMiddle(_ directory: String) throws -> ResultTable {
        let reader = try LogReader(directory: directory)
        let projections = try ProjectionSet.rebuild(from: reader, through: reader.lastSeq / 2)
        return try projections.query(.overall, QueryOptions())
    }

    /// Every guide query on a loaded projection set, so a benchmark cannot skip the answers.
    static func allQueries(_ projections: ProjectionSet) throws -> Int {
        var rows = 0
        for name in QueryName.allCases {
            var options = QueryOptions()
            options.limit = name == .failed ? 20 : Int.max
            if name == .samples { options.label = "heavy_wear"; options.labelType = .grade }
            rows += try projections.query(name, options).render(.csv).utf8.count
        }
        return rows
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
