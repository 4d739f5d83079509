import EventLog
import Foundation
import Testing
@testable import SampleDomain

/// Seeded fuzzing: random and mutated lines never crash the parser, every refusal is an
/// `InputError` for the right line, and whatever is accepted is real JSON (Foundation agrees)
/// whose event survives the payload codec.
@Suite("Fuzz")
struct FuzzTests {
    static let seeds: [String] = [
        Fixture.submitted(#","occurred_at":"2026-11-25T13:00:00.5+01:00","event_id":"app-1","nyckel_function_id":"fn_1","source_scan_id":"s","region_name":"spine","crop_data":{"x":0,"y":1.5,"width":10,"height":20.25},"image_width":640,"image_height":480,"file_size_bytes":12345"#),
        Fixture.line("nyckel.responded", #","status":"error","nyckel_sample_id":"ns_1","error":"time\"out \u00e9 \uD83D\uDE42""#),
        Fixture.line("nyckel.resubmitted", #","nyckel_function_id":"fn_2""#),
        Fixture.line("sample.relabeled", #","label":"您好🙂","label_type":"grade","reason":"a\\b","actor":null"#),
        Fixture.line("sample.deleted", #","reason":"blurry","actor":"bob","event_id":"x""#),
    ]

    static let tokens: [[UInt8]] = ["{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "D83D", "null", "true", "-", "0", "1", "e", ".",
                                    " ", "\"type\"", "\"sample.deleted\"", "\"sample_id\"", "\"\(Fixture.idText)\"", "é", "🙂"]
        .map { Array($0.utf8) } + [[0x00], [0x0A], [0x80], [0xC0], [0xED, 0xA0, 0x80], [0xF4, 0x90], [0xFF]]

    /// Parses `bytes`, checking the invariants; returns whether it was accepted.
    @discardableResult
    static func check(_ bytes: [UInt8], line: Int) -> Bool {
        let result = bytes.withUnsafeBufferPointer { InputParser.parse($0, lineNumber: line) }
        switch result {
        case .failure(let e):
            #expect(e.line == line)
            #expect(e.description.hasPrefix("line \(line): "))
            return false
        case .success(let input):
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            #expect(foundation is [String: Any], "accepted what Foundation cannot read: \(String(decoding: bytes, as: UTF8.self))")
            let event = input.event(defaultTime: Fixture.time)
            let payload = PayloadCodec.encode(event)
            let back = try? payload.withUnsafeBufferPointer { (p) throws(PayloadError) in
                try PayloadCodec.decode(type: event.body.type, payload: p)
            }
            #expect(back == event)
            return true
        }
    }

    @Test("5,000 mutated valid lines")
    func mutated() {
        var rng = SplitMix64(seed: 20261125)
        var accepted = 0
        for n in 0..<5_000 {
            var bytes = Array(Self.seeds[n % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1 where !bytes.isEmpty: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: Self.tokens.randomElement(using: &rng)!, at: min(at, bytes.count))
                case 3: bytes = Array(bytes.prefix(at))
                case 4 where !bytes.isEmpty:
                    let end = min(bytes.count, at + Int.random(in: 1...20, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                default: if !bytes.isEmpty { bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng) }
                }
            }
            if Self.check(bytes, line: n + 1) { accepted += 1 }
        }
        // Some mutations (inside string values) keep a line valid; most break it.
        #expect(accepted > 50 && accepted < 4_000)
    }

    @Test("3,000 random token soups")
    func random() {
        var rng = SplitMix64(seed: 42)
        for n in 0..<3_000 {
            var bytes: [UInt8] = Bool.random(using: &rng) ? [UInt8(ascii: "{")] : []
            for _ in 0..<Int.random(in: 0...40, using: &rng) { bytes += Self.tokens.randomElement(using: &rng)! }
            Self.check(bytes, line: n + 1)
        }
    }

    @Test("the seeds themselves are accepted")
    func seedsAccepted() {
        for s in Self.seeds {
            #expect(Self.check(Array(s.utf8), line: 1), "\(s)")
        }
    }

    @Test("mutated payloads never crash the decoder")
    func payloads() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let event = rng.event()
            var bytes = PayloadCodec.encode(event)
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.remove(at: at)
            default: bytes = Array(bytes.prefix(at))
            }
            let type = EventType.allCases.randomElement(using: &rng)!
            _ = try? bytes.withUnsafeBufferPointer { (p) throws(PayloadError) in try PayloadCodec.decode(type: type, payload: p) }
        }
    }
}
