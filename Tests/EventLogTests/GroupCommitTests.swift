import Foundation
import Testing
@testable import EventLog

/// `GroupCommitWriter` and `LogWriter.appendGroup`: concurrent callers each get their own
/// contiguous seqs and their own errors; a failed group write stores nothing of the group.
@Suite struct GroupCommitTests {
    @Test func appendGroupGivesEachBatchItsOwnRangeInOrder() throws {
        try withTempLog { dir in
            try withWriter(dir) { (w: LogWriter) throws in
                _ = try w.append([record(0)])
                let results = w.appendGroup([[record(1)], [], [record(2), record(3)], [record(4)]])
                #expect(try results[0].get() == AppendResult(firstSeq: 2, lastSeq: 2, count: 1))
                #expect(try results[1].get() == nil)
                #expect(try results[2].get() == AppendResult(firstSeq: 3, lastSeq: 4, count: 2))
                #expect(try results[3].get() == AppendResult(firstSeq: 5, lastSeq: 5, count: 1))
                #expect(w.lastSeq == 5)
            }
            let payloads = try allLines(dir).map { line in line.1.contains(#""data":{"n":"#) }
            #expect(payloads == [true, true, true, true, true])
            // Records are stored in the order the batches were given.
            let ns = try allLines(dir).compactMap { line -> Int? in
                guard let r = line.1.range(of: #""n":"#) else { return nil }
                return Int(line.1[r.upperBound...].prefix { $0.isNumber })
            }
            #expect(ns == [0, 1, 2, 3, 4])
        }
    }

    @Test func anInvalidBatchIsRefusedAloneAndTakesNoSeqs() throws {
        try withTempLog { dir in
            try withWriter(dir) { (w: LogWriter) throws in
                let bad = NewRecord(type: "", payload: Array(#"{"n":9}"#.utf8))
                let notJSON = NewRecord(type: "test.event", payload: Array("{oops".utf8))
                let results = w.appendGroup([[record(1)], [record(2), bad], [notJSON], [record(3)]])
                #expect(try results[0].get() == AppendResult(firstSeq: 1, lastSeq: 1, count: 1))
                #expect(throws: LogError.self) { try results[1].get() }
                #expect(throws: LogError.self) { try results[2].get() }
                #expect(try results[3].get() == AppendResult(firstSeq: 2, lastSeq: 2, count: 1))
                #expect(w.lastSeq == 2)
            }
            #expect(try verifyLog(directory: dir).records == 2)
        }
    }

    @Test func aFailedGroupWriteFailsEveryBatchAndStoresNothing() throws {
        try withTempLog { dir in
            try withWriter(dir) { (w: LogWriter) throws in
                _ = try w.append([record(0)])
                w.faults.failWriteAfterBytes = 100
                let results = w.appendGroup([[record(1, pad: 50)], [record(2, pad: 50)]])
                for result in results {
                    #expect(throws: LogError.self) { try result.get() }
                }
                #expect(w.lastSeq == 1)
                let next = w.appendGroup([[record(1)]])
                #expect(try next[0].get()?.firstSeq == 2)
            }
            #expect(try verifyLog(directory: dir).records == 2)
        }
    }

    @Test func concurrentCallersGetDisjointContiguousRanges() throws {
        try withTempLog { dir in
            let writer = try GroupCommitWriter(directory: dir, options: LogOptions(durable: true))
            let threads = 8
            let perThread = 40
            let ranges = RangeBox()
            let group = DispatchGroup()
            for t in 0..<threads {
                group.enter()
                Thread {
                    defer { group.leave() }
                    for i in 0..<perThread {
                        // Batches of 1...3 records, so ranges of different sizes interleave.
                        let size = 1 + (t + i) % 3
                        let batch = (0..<size).map { k in record(t * 10_000 + i * 10 + k, eventID: "t\(t)-\(i)-\(k)") }
                        do {
                            guard let r = try writer.append(batch) else { ranges.fail("nil result"); return }
                            ranges.add(t, r, first: t * 10_000 + i * 10)
                        } catch { ranges.fail("\(error)"); return }
                    }
                }.start()
            }
            group.wait()
            let total = ranges.totalRecords
            #expect(ranges.failures.isEmpty)
            #expect(writer.lastSeq == UInt64(total))
            #expect(writer.groupsWritten >= 1)
            #expect(writer.groupsWritten <= threads * perThread)
            #expect(try writer.contains(eventID: "t3-7-0"))
            #expect(try !writer.contains(eventID: "t3-7-9"))
            try writer.close()
            #expect(throws: LogError.self) { _ = try writer.append([record(1)]) }

            // Every seq is used once; each caller's records sit at its seqs, in its order.
            let lines = try allLines(dir)
            #expect(lines.map(\.0) == Array(1...UInt64(total)))
            var expected = [Int?](repeating: nil, count: total + 1)
            for entry in ranges.entries {
                for (k, seq) in (entry.range.firstSeq...entry.range.lastSeq).enumerated() {
                    #expect(expected[Int(seq)] == nil)
                    expected[Int(seq)] = entry.first + k
                }
            }
            for (seq, line) in lines {
                let n = expected[Int(seq)].map { #""data":{"n":\#($0),"# } ?? "?"
                #expect(line.contains(n), "seq \(seq)")
            }
            #expect(try verifyLog(directory: dir).records == total)
        }
    }
}

/// What the threads of a concurrency test got back.
private final class RangeBox: @unchecked Sendable {
    // @unchecked: every field is touched only with `lock` held.
    private let lock = NSLock()
    private(set) var entries: [(thread: Int, range: AppendResult, first: Int)] = []
    private(set) var failures: [String] = []
    func add(_ thread: Int, _ range: AppendResult, first: Int) {
        lock.lock(); entries.append((thread, range, first)); lock.unlock()
    }
    func fail(_ message: String) { lock.lock(); failures.append(message); lock.unlock() }
    var totalRecords: Int { lock.lock(); defer { lock.unlock() }; return entries.reduce(0) { $0 + $1.range.count } }
}
