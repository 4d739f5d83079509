import EventLog
import Testing
@testable import SampleDomain

/// `PayloadCodec.decodeFacts` (what a rebuild of the projections decodes) against the full
/// decoder: the same facts for every payload the full decoder accepts, the same error for every
/// payload it refuses.
@Suite("Event facts")
struct EventFactsTests {
    /// Facts with their texts read out of the buffer they were decoded into, so that facts
    /// decoded into different buffers compare by what they say.
    struct Resolved: Equatable {
        var facts: EventFacts
        var label: String
        var functionID: String?

        init(_ facts: EventFacts, _ text: [UInt8]) {
            label = facts.label.string(in: text)
            functionID = facts.functionID?.string(in: text)
            self.facts = facts
            self.facts.label = TextSpan()
            self.facts.functionID = facts.functionID.map { _ in TextSpan() }
        }

        init(_ event: SampleEvent) {
            var text: [UInt8] = []
            self.init(EventFacts(event, text: &text), text)
        }
    }

    /// Both decoders on `bytes` as a payload of `type`: facts or the error's text. The facts
    /// decoder writes after a few bytes already in its buffer, and must leave them alone.
    static func both(_ type: EventType, _ bytes: [UInt8]) -> (full: Result<Resolved, PayloadError>, facts: Result<Resolved, PayloadError>) {
        bytes.withUnsafeBufferPointer { p in
            let full = Result { () throws(PayloadError) in Resolved(try PayloadCodec.decode(type: type, payload: p)) }
            let before: [UInt8] = Array("earlier".utf8)
            var text = before
            let facts = Result { () throws(PayloadError) in
                Resolved(try PayloadCodec.decodeFacts(type: type, payload: p, text: &text), text)
            }
            #expect(text.starts(with: before))
            if case .failure = facts { #expect(text == before, "a refused payload left bytes in the text buffer") }
            return (full, facts)
        }
    }

    @Test("generated events: the facts of the decoded event")
    func generatedEvents() throws {
        var rng = SplitMix64(seed: 11)
        var kinds = Set<String>()
        for _ in 0..<3_000 {
            let event = rng.event()
            let (full, facts) = Self.both(event.body.type, PayloadCodec.encode(event))
            #expect(try facts.get() == full.get())
            #expect(try facts.get() == Resolved(event))
            kinds.insert(event.body.type.rawValue)
        }
        #expect(kinds.count == EventType.allCases.count)
    }

    /// The canonical-layout reader takes every payload `encode` writes, and whatever it takes
    /// (of those and of mutated ones) it reads exactly as the full decoder does.
    @Test("the canonical-layout reader: every stored payload, and nothing read differently")
    func canonicalLayout() throws {
        var rng = SplitMix64(seed: 13)
        var taken = 0
        for n in 0..<6_000 {
            let event = rng.event()
            var bytes = PayloadCodec.encode(event)
            if n % 2 == 1 {  // mutate every other payload
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                default: bytes.insert([0x20, 0x5C, 0x22][Int.random(in: 0..<3, using: &rng)], at: at)
                }
            }
            let type = event.body.type
            bytes.withUnsafeBufferPointer { p in
                var text: [UInt8] = Array("earlier".utf8)
                let canonical = PayloadCodec.canonicalFacts(type: type, payload: p, text: &text)
                if n % 2 == 0 { #expect(canonical != nil, "\(String(decoding: bytes, as: UTF8.self))") }
                guard let canonical else {
                    #expect(text == Array("earlier".utf8), "a refused payload left bytes in the text buffer")
                    return
                }
                taken += 1
                let full = Result { () throws(PayloadError) in Resolved(try PayloadCodec.decode(type: type, payload: p)) }
                #expect((try? full.get()) == Resolved(canonical, text), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(taken > 3_000)
    }

    @Test("mutated payloads: accepted and refused alike, with the same error")
    func mutatedPayloads() {
        var rng = SplitMix64(seed: 12)
        var refused = 0
        for _ in 0..<8_000 {
            let event = rng.event()
            var bytes = PayloadCodec.encode(event)
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(contentsOf: [0x5C, 0x22, 0x20, 0xC3][Int.random(in: 0..<4, using: &rng)...].prefix(1), at: at)
            default: bytes = Array(bytes.prefix(at))
            }
            let type = Int.random(in: 0..<4, using: &rng) == 0 ? EventType.allCases.randomElement(using: &rng)! : event.body.type
            let (full, facts) = Self.both(type, bytes)
            switch (full, facts) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(String(decoding: bytes, as: UTF8.self))")
            case (.failure(let a), .failure(let b)):
                refused += 1
                #expect("\(a)" == "\(b)", "\(String(decoding: bytes, as: UTF8.self))")
            default:
                Issue.record("decoders disagree on \(type.rawValue) \(String(decoding: bytes, as: UTF8.self)): \(full) vs \(facts)")
            }
        }
        #expect(refused > 1_000)
    }

    @Test("an unknown record type is refused with the full decoder's error")
    func unknownType() {
        let type = Array("sample.exploded".utf8), payload = Array("{}".utf8)
        let errors = type.withUnsafeBufferPointer { t in
            payload.withUnsafeBufferPointer { p in
                (Result { () throws(PayloadError) in try PayloadCodec.decode(type: t, payload: p) }.map { _ in () },
                 Result { () throws(PayloadError) in
                     var text: [UInt8] = []
                     return try PayloadCodec.decodeFacts(type: t, payload: p, text: &text)
                 }.map { _ in () })
            }
        }
        guard case .failure(let a) = errors.0, case .failure(let b) = errors.1 else {
            Issue.record("an unknown type was accepted"); return
        }
        #expect("\(a)" == "\(b)")
        #expect("\(a)".contains("sample.exploded"))
    }
}
