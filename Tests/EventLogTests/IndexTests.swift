import Foundation
import Testing
@testable import EventLog

@Suite("Indexes: event ids and time")
struct IndexTests {
    static let ids = ["a", "b\"q", "c\\d\n", "您好🙂", "e\u{1}"]

    func writeIDs(_ dir: String) throws {
        try withWriter(dir, LogOptions(segmentMaxBytes: 400)) { w throws in
            for (i, id) in Self.ids.enumerated() {
                _ = try w.append([record(i * 2), record(i * 2 + 1, eventID: id)])
            }
        }
    }

    func checkIDs(_ dir: String) throws {
        try withWriter(dir) { w throws in
            for id in Self.ids { #expect(try w.contains(eventID: id), "\(id)") }
            for id in ["", "A", "b", "您好", "c\\d"] { #expect(try !w.contains(eventID: id), "\(id)") }
        }
    }

    func loadedCount(_ path: String, magic: StaticString, size: Int) -> UInt64? {
        if case .loaded(let l) = IndexFile.load(path: path, magic: magic, entrySize: size) { return l.header.count }
        return nil
    }

    func eventIDCount(_ dir: String) -> UInt64? {
        guard case .loaded(let table) = SortedTable.open(EventIDIndex.path(dir), kind: EventIDIndex.kind) else { return nil }
        defer { table.close() }
        return UInt64(table.count)
    }

    @Test func containsSurvivesARestart() throws {
        try withTempLog { dir in
            try writeIDs(dir)
            try checkIDs(dir)
            #expect(try jqFailures(dir).isEmpty)
            #expect(eventIDCount(dir) == UInt64(Self.ids.count))
        }
    }

    @Test func containsSeesRecordsOfTheSameSession() throws {
        try withTempLog { dir in
            try withWriter(dir) { w throws in
                #expect(try !w.contains(eventID: "x"))
                _ = try w.append([record(1, eventID: "x")])
                #expect(try w.contains(eventID: "x"))
            }
        }
    }

    @Test func deletedIndexesAreRebuilt() throws {
        try withTempLog { dir in
            try writeIDs(dir)
            try FileManager.default.removeItem(atPath: dir + "/index")
            try checkIDs(dir)
            #expect(eventIDCount(dir) == UInt64(Self.ids.count))
            #expect(loadedCount(TimeIndex.path(dir), magic: TimeIndex.magic, size: 32) == UInt64(try segmentNames(dir).count))
        }
    }

    @Test(arguments: ["odd size", "garbage", "empty", "bad checksum"])
    func damagedIndexesAreRebuilt(damage: String) throws {
        try withTempLog { dir in
            try writeIDs(dir)
            var rng = SplitMix64(seed: 99)
            for path in [EventIDIndex.path(dir), TimeIndex.path(dir)] {
                var bytes = try readBytes(path)
                switch damage {
                case "odd size": bytes.removeLast(3)
                case "garbage": bytes = (0..<bytes.count).map { _ in UInt8.random(in: 0...255, using: &rng) }
                case "empty": bytes = []
                default: bytes[bytes.count - 1] ^= 0xFF
                }
                try writeBytes(bytes, path)
                if path.hasSuffix("time.idx"), case .loaded = IndexFile.load(path: path, magic: TimeIndex.magic, entrySize: 32) {
                    Issue.record("damaged index \(path) still loads")
                }
                if !path.hasSuffix("time.idx"), case .loaded(let table) = SortedTable.open(path, kind: EventIDIndex.kind) {
                    table.close()
                    Issue.record("damaged index \(path) still loads")
                }
                // A reader does not trust it either (and still answers correctly).
                #expect(try LogReader(directory: dir).seq(atOrBefore: .maximum) == UInt64(Self.ids.count * 2))
            }
            try checkIDs(dir)
            #expect(eventIDCount(dir) == UInt64(Self.ids.count))
        }
    }

    @Test func laggingIndexIsCaughtUpAndAnIndexAheadOfTheLogIsRebuilt() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append([record(1, eventID: "one")]) }
            let old = try readBytes(EventIDIndex.path(dir))
            try withWriter(dir) { w in _ = try w.append([record(2, eventID: "two"), record(3, eventID: "three")]) }
            let newer = try readBytes(EventIDIndex.path(dir))
            try writeBytes(old, EventIDIndex.path(dir))
            try withWriter(dir) { w throws in
                #expect(try w.contains(eventID: "two"))
                #expect(try w.contains(eventID: "three"))
            }
            #expect(try readBytes(EventIDIndex.path(dir)) == newer)
            // Same index on a shorter log: it covers seq 3 of a log ending at 1.
            try withTempLog { other in
                try withWriter(other) { w in _ = try w.append([record(1, eventID: "one")]) }
                try writeBytes(newer, EventIDIndex.path(other))
                try withWriter(other) { w throws in
                    #expect(try w.contains(eventID: "one"))
                    #expect(try !w.contains(eventID: "two"))
                }
            }
        }
    }

    @Test func timeLookupMatchesABruteForceScan() throws {
        try withTempLog { dir in
            var rng = SplitMix64(seed: 2024)
            var time = t0.microseconds
            try withWriter(dir, LogOptions(segmentMaxBytes: 150_000, durable: false)) { w throws in
                for _ in 0..<40 {
                    let batch = (0..<50).map { i -> NewRecord in
                        switch UInt8.random(in: 0...9, using: &rng) {
                        case 0: break                                               // same time
                        case 1: time -= Int64.random(in: 1...1000, using: &rng)    // earlier: clamped
                        default: time += Int64.random(in: 1...2_000_000, using: &rng)
                        }
                        return record(i, pad: Int.random(in: 100...400, using: &rng), at: Timestamp(microseconds: time))
                    }
                    _ = try w.append(batch)
                }
            }
            let reader = try LogReader(directory: dir)
            #expect(reader.lastSeq == 2000)
            #expect(try jqFailures(dir).isEmpty)
            #expect(try segmentNames(dir).count > 3)
            #expect(reader.layout.timeEntries.count > 8)  // sparse entries inside segments too
            var all: [(UInt64, Int64)] = []
            try reader.scan { all.append(($0.seq, $0.recordedAt.microseconds)) }
            func brute(_ t: Int64) -> UInt64? { all.last { $0.1 <= t }?.0 }
            var queries = [all[0].1 - 1, all[0].1, all.last!.1, all.last!.1 + 1, Int64.min / 2]
            for _ in 0..<300 {
                let pick = all[Int.random(in: 0..<all.count, using: &rng)].1
                queries.append(pick + Int64.random(in: -1...1, using: &rng))
            }
            for q in queries {
                #expect(try reader.seq(atOrBefore: Timestamp(microseconds: q)) == brute(q), "query \(q)")
            }
            // scan(from:) starting mid-segment through the index gives exactly the asked range.
            for from in [1, 2, 777, 1999, 2000] as [UInt64] {
                var seen: [UInt64] = []
                try reader.scan(from: from, through: min(from + 9, 2000)) { seen.append($0.seq) }
                #expect(seen == Array(from...min(from + 9, 2000)))
            }
        }
    }
}
