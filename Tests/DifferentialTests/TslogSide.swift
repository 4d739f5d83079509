import EventLog
import Foundation
import Projections
import SampleDomain

/// tslog's answer to `query`, as its CSV: the projections folded over the events up to `seq`.
func tslogCSV(events: [(UInt64, SampleEvent)], upTo seq: UInt64, query: DiffQuery, options: DiffOptions) throws -> String {
    var projections = ProjectionSet()
    for (n, event) in events where n <= seq { projections.apply(event, seq: n) }
    var o = QueryOptions()
    o.labelType = options.labelType
    o.label = options.label
    o.limit = options.limit
    o.days = options.days
    o.below = options.below
    let table = try projections.query(query.tslogName, o)
    return table.render(.csv, rawCells: true)  // PostgreSQL's COPY has no formula guard
}

extension DiffQuery {
    /// The same question by tslog's name for it (the same list).
    var tslogName: QueryName { self }
}

let tslogSide = Side(name: "tslog") { events, seq, query, options in
    try tslogCSV(events: events, upTo: seq, query: query, options: options)
}

/// tslog end to end: the events written as input lines, appended through `SampleStore` (parse,
/// validate, encode, fsync) into a real log, then read back (checksums, decode) and folded as of
/// each seq. Each event is one record, so "after n ops" is `--as-of-seq n`.
struct LoggedSide {
    let directory: String
    let side: Side

    init(events: [SampleEvent]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-diff-\(UUID().uuidString)").path
        let store = try SampleStore(directory: directory, options: LogOptions(durable: false))
        let lines = events.enumerated().map { (number: $0.offset + 1, bytes: Array(InputLine.encode($0.element, eventID: nil).utf8)) }
        let summary = try store.append(lines: lines, skipInvalid: false, now: .now())
        try store.close()
        if let refused = summary.refused.first {
            throw LoggedSideError(message: "the log refused a generated line: \(refused)")
        }
        guard summary.appended == events.count else {
            throw LoggedSideError(message: "appended \(summary.appended) of \(events.count) events")
        }
        self.directory = directory
        side = Side(name: "tslog log") { _, seq, query, options in
            let projections = try ProjectionLoader.load(try LogReader(directory: directory), through: seq)
            var o = QueryOptions()
            o.labelType = options.labelType
            o.label = options.label
            o.limit = options.limit
            o.days = options.days
            o.below = options.below
            return try projections.query(query.tslogName, o).render(.csv, rawCells: true)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

struct LoggedSideError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
