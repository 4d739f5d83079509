import EventLog
import Foundation
import Testing
@testable import SampleDomain

/// Seeded hostile input through the appender (`SampleStore`, what `tslog append` uses), not just
/// the parser: batches of mutated, random, deeply nested and invalid UTF-8 lines against a real
/// log whose samples come and go. Nothing crashes; every refusal names its line; the counts add
/// up; whatever is stored verifies and decodes.
@Suite("Fuzz through the appender")
struct AppenderFuzzTests {
    /// A line for a sample the batch may or may not know, of any type, often damaged.
    static func hostileLine(_ rng: inout SplitMix64, ids: [String]) -> [UInt8] {
        let id = ids[Int(rng.next() % UInt64(ids.count))]
        var bytes: [UInt8]
        switch rng.next() % 10 {
        case 0:  // deep nesting inside a field: refused, no stack overflow
            let depth = 33 + Int(rng.next() % 200_000)
            bytes = Array(Fixture.line("sample.deleted", #","reason":"#, id: id).dropLast().utf8)
                + [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth) + [UInt8(ascii: "}")]
        case 1:  // invalid UTF-8 inside a string
            let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]]
            bytes = Array(Fixture.line("sample.relabeled", #","label":"ab"#, id: id).utf8)
            let at = bytes.count - 3
            bytes.insert(contentsOf: bad[Int(rng.next() % UInt64(bad.count))], at: at)
        case 2:  // random bytes
            bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.removeAll { $0 == 0x0A }
        default:  // a valid line of any type, then 0–3 mutations
            let lines = [
                Fixture.submitted("", id: id),
                Fixture.line("nyckel.responded", #","status":"accepted""#, id: id),
                Fixture.line("nyckel.resubmitted", "", id: id),
                Fixture.line("sample.relabeled", #","label":"x\#(rng.next() % 9)""#, id: id),
                Fixture.line("sample.deleted", #","event_id":"e\#(rng.next() % 500)""#, id: id),
            ]
            bytes = Array(lines[Int(rng.next() % UInt64(lines.count))].utf8)
            for _ in 0..<Int(rng.next() % 4) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes = Array(bytes.prefix(at))
                default: bytes.insert(contentsOf: Array(#"",:{}[]\"#.utf8)[Int(rng.next() % 8)...].prefix(1), at: at)
                }
            }
            bytes.removeAll { $0 == 0x0A }
        }
        return bytes
    }

    @Test("4,000 hostile lines in batches through SampleStore")
    func hostileBatches() throws {
        let cases = Int(ProcessInfo.processInfo.environment["TSLOG_FUZZ_CASES"] ?? "") ?? 4_000
        var rng = SplitMix64(seed: 0xA99E_4D)
        let base = NSTemporaryDirectory() + "appender-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        let ids = (0..<6).map { String(format: "0b9e1c2d-3f4a-4b5c-8d6e-%012x", $0) }
        var stored = 0, refused = 0, duplicates = 0, done = 0
        let store = try SampleStore(directory: base, options: LogOptions(durable: false))
        defer { try? store.close() }
        while done < cases {
            let count = 1 + Int(rng.next() % 20)
            let lines = (0..<count).map { (number: $0 + 1, bytes: Self.hostileLine(&rng, ids: ids)) }
            done += count
            let summary = try store.append(lines: lines, skipInvalid: true, now: Fixture.time)
            for error in summary.refused {
                #expect((1...count).contains(error.line))
                #expect(error.description.hasPrefix("line \(error.line): ") && error.description.count > 12, "\(error)")
            }
            #expect(Set(summary.refused.map(\.line)).count == summary.refused.count, "a line refused twice")
            #expect(summary.appended + summary.refused.count + summary.duplicates == count)
            stored += summary.appended
            refused += summary.refused.count
            duplicates += summary.duplicates
        }
        try store.close()
        #expect(try verifyLog(directory: base).records == UInt64(stored))
        var decoded = 0
        try LogReader(directory: base).scan { view in
            let type = try #require(EventType(rawValue: view.typeString))
            _ = try PayloadCodec.decode(type: type, payload: view.payload)
            decoded += 1
        }
        #expect(decoded == stored)
        #expect(stored > 100 && refused > cases / 3, "stored \(stored), refused \(refused): the mix exercised too little")
        print("appender fuzz: \(done) lines: \(stored) stored, \(refused) refused with a message, \(duplicates) duplicates skipped")
    }
}
