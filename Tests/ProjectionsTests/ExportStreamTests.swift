import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The streamed export (`ProjectionSet.export`: order from the compact rows, wide columns read
/// back and written a chunk at a time) against the whole-buffer render of the same events folded
/// in memory (`Exporter.render(exportRows)`, every column inline): byte for byte, in every
/// format, with chunks cut anywhere — one row, 7 rows, either side of an SQL `INSERT` group,
/// chunks big enough for the two-thread read-back, one chunk for all.
@Suite("Streamed export")
struct ExportStreamTests {
    /// Chunk sizes that cut the rows in every interesting place.
    static let chunkSizes = [1, 7, 499, 500, 501, 2_600, Int.max]

    static let filters = [
        ExportFilter(), ExportFilter(status: .accepted), ExportFilter(labelType: .grade, label: OracleTests.labels[7]),
        ExportFilter(label: "no such label"),
    ]

    /// What `export` hands its sink, and how many pieces it handed.
    static func streamed(_ set: ProjectionSet, _ filter: ExportFilter, _ format: ExportFormat, chunkRows: Int,
                         seq: UInt64) throws -> (bytes: [UInt8], pieces: Int, rows: Int) {
        let plan = set.exportPlan(filter)
        var bytes: [UInt8] = []
        var pieces = 0
        try set.export(plan, as: format, context(format, filter, seq: seq, rows: plan.rowCount), chunkRows: chunkRows) {
            bytes += $0
            pieces += 1
        }
        return (bytes, pieces, plan.rowCount)
    }

    static func context(_ format: ExportFormat, _ filter: ExportFilter, seq: UInt64, rows: Int) -> ExportContext {
        ExportContext(description: ExportDescription(format: format, seq: seq, recordedAt: at("2026-11-26T01:02:03.000004Z"),
                                                     filter: filter, rowCount: rows))
    }

    /// The whole-buffer export of the in-memory fold.
    static func whole(_ memory: ProjectionSet, _ filter: ExportFilter, _ format: ExportFormat, seq: UInt64) -> [UInt8] {
        let rows = memory.exportRows(filter)
        return Exporter.render(rows, as: format, context(format, filter, seq: seq, rows: rows.count))
    }

    /// Expects equal bytes; a failure names the first differing byte and the text around it
    /// (not megabytes of both).
    static func expectSame(_ got: [UInt8], _ expected: [UInt8], _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        guard got != expected else { return }
        let at = (0..<min(got.count, expected.count)).first { got[$0] != expected[$0] } ?? min(got.count, expected.count)
        let around = { (b: [UInt8]) in String(decoding: b[max(0, at - 60)..<min(b.count, at + 60)], as: UTF8.self) }
        Issue.record("\(what): \(got.count) bytes, expected \(expected.count); first difference at byte \(at): got …\(around(got))… expected …\(around(expected))…",
                     sourceLocation: sourceLocation)
    }

    @Test func streamedEqualsWholeInEveryFormatWhereverTheChunksAreCut() throws {
        let events = OracleTests.stream(seed: 83, count: 14_000, ids: 7_000)
        try withTempLogDirectory { dir in
            try writeLog(dir, events, segmentBytes: 1 << 20)
            let reader = try LogReader(directory: dir)
            let located = try ProjectionLoader.load(reader, through: reader.lastSeq)
            var memory = ProjectionSet()
            for (n, event) in events.enumerated() { memory.apply(event, seq: UInt64(n + 1)) }
            // Several chunks of the default size would need 16,384 rows; 2,600-row chunks span
            // several and are read on two threads.
            #expect(located.liveCount > 2 * 2_600, "only \(located.liveCount) live rows")
            for filter in ExportStreamTests.filters {
                for format in ExportFormat.allCases {
                    let expected = ExportStreamTests.whole(memory, filter, format, seq: reader.lastSeq)
                    for chunkRows in ExportStreamTests.chunkSizes {
                        let got = try ExportStreamTests.streamed(located, filter, format, chunkRows: chunkRows, seq: reader.lastSeq)
                        ExportStreamTests.expectSame(got.bytes, expected, "\(format) \(filter) chunks of \(chunkRows)")
                        let chunks = got.rows == 0 ? 0 : (got.rows - 1) / chunkRows + 1
                        #expect(got.pieces == chunks + 2, "\(format) \(filter) chunks of \(chunkRows)")
                    }
                }
            }
            // The filters are not vacuous: some keep rows, one keeps none.
            let counts = ExportStreamTests.filters.map { located.exportPlan($0).rowCount }
            #expect(counts[0] == located.liveCount && counts[1] > 0 && counts[2] > 0 && counts[3] == 0, "\(counts)")
        }
    }

    @Test func streamedAsOfASeqEqualsTheWholeExportOfThatPrefix() throws {
        let events = OracleTests.stream(seed: 89, count: 3_000, ids: 1_500)
        try withTempLogDirectory { dir in
            let seqs = try writeLog(dir, events, tagEvery: 97)
            let reader = try LogReader(directory: dir)
            for cut in [0, 1, 1_234, events.count] {
                let seq = cut == 0 ? 0 : seqs[cut - 1]
                let located = seq == 0 ? ProjectionSet() : try ProjectionLoader.load(reader, through: seq)
                var memory = ProjectionSet()
                for (n, event) in events.prefix(cut).enumerated() { memory.apply(event, seq: seqs[n]) }
                for format in ExportFormat.allCases {
                    let got = try ExportStreamTests.streamed(located, ExportFilter(), format, chunkRows: 7, seq: seq)
                    ExportStreamTests.expectSame(got.bytes, ExportStreamTests.whole(memory, ExportFilter(), format, seq: seq),
                                                 "\(format) as of \(seq)")
                }
            }
        }
    }

    /// Zero rows: the header and footer alone, exactly the frozen empty exports.
    @Test(arguments: ExportFormat.allCases)
    func noRowsIsHeaderAndFooterOnly(_ format: ExportFormat) throws {
        let got = try ExportStreamTests.streamed(ProjectionSet(), ExportFilter(), format, chunkRows: 7, seq: 0)
        #expect(got.pieces == 2 && got.rows == 0)
        let text = String(decoding: got.bytes, as: UTF8.self)
        switch format {
        case .csv: #expect(text == ExportColumns.names.joined(separator: ",") + "\n")
        case .json, .roboflow, .labelStudio: #expect(text == "[]\n")
        case .jsonl, .manifest: #expect(text.isEmpty)
        case .sql:
            #expect(text.hasPrefix("-- tslog export of training_samples: {\"format\":\"sql\",\"seq\":0,"))
            #expect(!text.contains("INSERT") && text.hasSuffix("WHERE source_scan_id IS NOT NULL;\nCOMMIT;\n"))
        }
    }

    /// The plan orders by created_at then id from the compact rows alone: the same order as the
    /// rows read back, ties on created_at (common in this stream) broken by id bytes.
    @Test func planOrderIsCreatedAtThenID() throws {
        let events = OracleTests.stream(seed: 97, count: 2_000, ids: 1_000)
        var memory = ProjectionSet()
        for (n, event) in events.enumerated() { memory.apply(event, seq: UInt64(n + 1)) }
        let rows = memory.exportRows()
        let keys = rows.map { ($0.createdAt.microseconds, $0.id) }
        var ties = 0
        for (a, b) in zip(keys, keys.dropFirst()) {
            #expect(a.0 < b.0 || (a.0 == b.0 && a.1 < b.1), "\(a) before \(b)")
            if a.0 == b.0 { ties += 1 }
        }
        #expect(ties > 10, "only \(ties) created_at ties: the tie-break is not exercised")
        // Compared as bytes: Swift's `==` would merge "\u{E9}" and "e\u{301}", which are two labels.
        let bytes = { (labels: [String]) in Set(labels.map { Array($0.utf8) }) }
        #expect(bytes(memory.exportPlan().labels) == bytes(rows.map(\.label)))
        #expect(memory.exportPlan().labels.count == bytes(rows.map(\.label)).count)
    }

    /// A log that no longer holds the records the projections were folded from: the streamed
    /// export throws (naming the sample and segment) after the rows it could write, instead of
    /// stopping the process as the in-memory read-back does.
    @Test func aLogChangedUnderTheExportThrows() throws {
        let events = OracleTests.stream(seed: 101, count: 400, ids: 200)
        try withTempLogDirectory { dir in
            try writeLog(dir, events)
            let reader = try LogReader(directory: dir)
            let located = try ProjectionLoader.load(reader, through: reader.lastSeq)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".jsonl") {
                #expect(truncate(dir + "/" + name, 0) == 0)
            }
            var pieces = 0
            #expect(throws: (any Error).self) {
                try located.export(located.exportPlan(), as: .csv, ExportStreamTests.context(.csv, ExportFilter(), seq: 1, rows: 0),
                                   chunkRows: 7) { _ in pieces += 1 }
            }
            #expect(pieces == 1, "only the header was written")
        }
    }

    /// An error from the sink stops the export at once: nothing more is read or handed over.
    @Test func aSinkErrorStopsTheExport() throws {
        struct Full: Error {}
        let events = OracleTests.stream(seed: 103, count: 400, ids: 200)
        var memory = ProjectionSet()
        for (n, event) in events.enumerated() { memory.apply(event, seq: UInt64(n + 1)) }
        var pieces = 0
        #expect(throws: Full.self) {
            try memory.export(memory.exportPlan(), as: .jsonl, ExportStreamTests.context(.jsonl, ExportFilter(), seq: 1, rows: 0),
                              chunkRows: 7) { _ in
                pieces += 1
                if pieces == 3 { throw Full() }
            }
        }
        #expect(pieces == 3)
    }
}
