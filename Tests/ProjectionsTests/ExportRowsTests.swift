import EventLog
@testable import Projections
import SampleDomain
import Testing

/// Rows read back from a log — `exportRows` (filter applied to the compact rows first; 20,000
/// rows and more are read on two threads) and the queries that list rows — against the same
/// events folded in memory, where every row keeps its columns inline.
@Suite("Rows read back from a log")
struct ExportRowsTests {
    @Test func rowsReadBackFromALogEqualTheInMemoryFold() throws {
        // Enough live rows for the two-thread read-back (20,000 or more).
        let events = OracleTests.stream(seed: 61, count: 60_000, ids: 30_000)
        try withTempLogDirectory { dir in
            try writeLog(dir, events, segmentBytes: 2 << 20)
            let reader = try LogReader(directory: dir)
            let located = try ProjectionLoader.load(reader, through: reader.lastSeq)
            var memory = ProjectionSet()
            for (n, event) in events.enumerated() { memory.apply(event, seq: UInt64(n + 1)) }
            #expect(located.liveCount >= 20_000, "only \(located.liveCount) live rows")
            let filters = [ExportFilter(), ExportFilter(status: .error), ExportFilter(labelType: .grade),
                           ExportFilter(status: .accepted, labelType: .defect, label: OracleTests.labels[0])]
            for filter in filters {
                let expected = memory.exportRows(filter)
                #expect(located.exportRows(filter) == expected, "\(filter)")
                #expect(expected.allSatisfy { filter.keeps($0) })
            }
            var rowCounts: [QueryName: Int] = [:]
            for name in [QueryName.accepted, .scans, .samples, .failed, .problems] {
                var options = QueryOptions()
                options.limit = Int.max
                options.label = OracleTests.labels[3]
                let expected = try memory.query(name, options)
                #expect(try located.query(name, options).render(.csv) == expected.render(.csv), "\(name)")
                rowCounts[name] = expected.rows.count
            }
            #expect(rowCounts.values.allSatisfy { $0 > 0 }, "\(rowCounts)")
        }
    }
}
