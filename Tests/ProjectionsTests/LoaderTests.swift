import EventLog
@testable import Projections
import SampleDomain
import Testing

/// `ProjectionLoader.load` (the parallel rebuild the CLI uses) against the sequential fold and
/// against folding the events in memory, on logs with tag records between the events.
@Suite("Loading projections from a log")
struct LoaderTests {
    @Test(arguments: [(UInt64(21), 0), (22, 7), (23, 1)])
    func parallelLoadEqualsSequentialAndInMemoryFolds(seed: UInt64, tagEvery: Int) throws {
        let events = OracleTests.stream(seed: seed, count: 700, ids: 120)
        let ids = Array(Set(events.map(\.sampleID))).sorted { $0.description < $1.description }
        try withTempLogDirectory { dir in
            let seqs = try writeLog(dir, events, tagEvery: tagEvery, segmentBytes: 16 << 10)
            let reader = try LogReader(directory: dir)
            for cut in [0, 1, 350, 699, 700] {
                var memory = ProjectionSet()
                for (event, seq) in zip(events.prefix(cut), seqs) { memory.apply(event, seq: seq) }
                let through = cut == 0 ? 0 : seqs[cut - 1]
                let parallel = try ProjectionLoader.load(reader, through: through)
                let sequential = try ProjectionLoader.loadSequentially(reader, through: through)
                let expected = try everyAnswer(memory, ids: ids, labels: OracleTests.labels)
                #expect(try everyAnswer(parallel, ids: ids, labels: OracleTests.labels) == expected, "cut \(cut)")
                #expect(try everyAnswer(sequential, ids: ids, labels: OracleTests.labels) == expected, "cut \(cut)")
                #expect(parallel.lastSeq == through)
            }
            // Through the end: a trailing tag record is read too.
            let all = try ProjectionLoader.load(reader, through: reader.lastSeq)
            #expect(all.lastSeq == reader.lastSeq)
        }
    }

    @Test func aDamagedPayloadFailsTheSameWayOnBothPaths() throws {
        let events = OracleTests.stream(seed: 5, count: 300, ids: 60)
        try withTempLogDirectory { dir in
            try writeLog(dir, events, tagEvery: 10, segmentBytes: 8 << 10)
            // An unknown (non-tag) type with a valid checksum: a decode failure at its seq.
            let writer = try LogWriter.open(directory: dir)
            _ = try writer.append([NewRecord(type: "sample.exploded", schemaVersion: 1, eventID: nil, payload: Array("{}".utf8), recordedAt: nil)])
            try writer.close()
            let reader = try LogReader(directory: dir)
            var parallelError = "", sequentialError = ""
            do { _ = try ProjectionLoader.load(reader, through: reader.lastSeq) } catch { parallelError = "\(error)" }
            do { _ = try ProjectionLoader.loadSequentially(reader, through: reader.lastSeq) } catch { sequentialError = "\(error)" }
            #expect(parallelError.contains("seq \(reader.lastSeq)"), "\(parallelError)")
            #expect(parallelError == sequentialError)
        }
    }
}
