import EventLog
import Foundation
import Testing
@testable import SampleDomain

/// `SampleStore.append(passes:)`, the append that reads its batch twice instead of holding it:
/// in chunks it stores what `append(lines:)` stores, and when the second reading differs from
/// the first (the input changed in between) it appends nothing, even after writing chunks.
@Suite("Store: an append that streams its input")
struct StoreStreamAppendTests {
    /// Fresh samples, each submitted then answered; line `k` of the result is numbered k.
    static func lines(_ samples: Int, seed: Int = 0) -> [(number: Int, bytes: [UInt8])] {
        (0..<samples).flatMap { i -> [String] in
            let id = String(format: "%08x-0000-4000-8000-%012x", seed, i)
            return [Fixture.submitted(#","event_id":"s-\#(seed)-\#(i)""#, id: id),
                    Fixture.line("nyckel.responded", #","status":"accepted""#, id: id)]
        }.enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
    }

    /// A pass over `lines` in chunks of `size` lines.
    static func pass(_ lines: [(number: Int, bytes: [UInt8])], _ size: Int) -> LineChunks {
        var start = 0
        return {
            guard start < lines.count else { return nil }
            defer { start += size }
            return LineChunk(lines: Array(lines[start..<min(start + size, lines.count)]))
        }
    }

    static func withStore<T>(_ body: (SampleStore, String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SampleStore(directory: dir)
        defer { try? store.close() }
        return try body(store, dir)
    }

    static func payloads(_ dir: String) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        try LogReader(directory: dir).scan { out.append($0.payloadBytes) }
        return out
    }

    @Test func chunksStoreWhatOneArrayStores() throws {
        let batch = Self.lines(1_500) + [(3_001, Array(Self.lines(1)[0].bytes))]  // the last line: a duplicate
        let one = try Self.withStore { store, dir in
            let summary = try store.append(lines: batch, skipInvalid: false, now: Fixture.time)
            return (summary.range, summary.duplicates, try Self.payloads(dir))
        }
        let streamed = try Self.withStore { store, dir in
            let summary = try store.append(passes: { Self.pass(batch, 400) }, skipInvalid: false, now: Fixture.time)
            #expect(store.liveSampleCount == 1_500)
            return (summary.range, summary.duplicates, try Self.payloads(dir))
        }
        #expect(streamed.0 == 1...3_000 && streamed.1 == 1)
        #expect(streamed.0 == one.0 && streamed.1 == one.1 && streamed.2 == one.2)
    }

    @Test func aSecondReadingThatDiffersAppendsNothing() throws {
        try Self.withStore { store, dir in
            _ = try store.append(lines: Self.lines(1, seed: 9), skipInvalid: false, now: Fixture.time)
            let good = Self.lines(1_000)
            // The second reading ends with a line the first did not have, refused: the chunks
            // written before it are undone.
            var changed = good
            changed.append((2_001, Array(Fixture.line("sample.deleted", id: "99999999-0000-4000-8000-000000000000").utf8)))
            var passes = 0
            #expect(throws: LogError.self) {
                _ = try store.append(passes: { passes += 1; return Self.pass(passes == 1 ? good : changed, 300) },
                                     skipInvalid: false, now: Fixture.time)
            }
            #expect(passes == 2)
            #expect(store.writer.lastSeq == 2)
            #expect(try verifyLog(directory: dir).records == 2)
            #expect(try store.append(lines: good, skipInvalid: false, now: Fixture.time).range == 3...2_002)
        }
    }

    /// A second reading whose lines differ but that the checks decide alike (every line still
    /// accepted: here a label changed, and an event id that the first reading found stored,
    /// which the second answers from the first's finds) is caught by the lines' checksum.
    @Test func aSecondReadingWithOtherLinesButTheSameDecisionsAppendsNothing() throws {
        try Self.withStore { store, dir in
            _ = try store.append(lines: Self.lines(1, seed: 9), skipInvalid: false, now: Fixture.time)
            let good = Self.lines(500)
            var changed = good
            changed[6].bytes = Array(String(decoding: changed[6].bytes, as: UTF8.self)
                .replacingOccurrences(of: "heavy_wear", with: "light_wear").utf8)
            #expect(changed[6].bytes != good[6].bytes)
            var passes = 0
            #expect(throws: LogError.self) {
                _ = try store.append(passes: { passes += 1; return Self.pass(passes == 1 ? good : changed, 100) },
                                     skipInvalid: false, now: Fixture.time)
            }
            #expect(passes == 2)
            #expect(store.writer.lastSeq == 2)
            #expect(try verifyLog(directory: dir).records == 2)
        }
    }
}
