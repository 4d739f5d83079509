import EventLog
import Testing
@testable import SampleDomain
import TestSupport

/// Batches validated with the fast reader on and off give the same outcome: the same accepted
/// lines and events, the same duplicates, the same refusals (line, field, message) and the same
/// registry after.
@Suite("Batch validation, fast reader on and off")
struct FastBatchTests {
    static let now = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!

    static func compare(_ lines: [[UInt8]], registry: SampleRegistry, stored: Set<String>,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        let numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: $0.element) }
        let outcomes = [true, false].map { fast in
            BatchValidation.validate(lines: numbered, registry: registry, defaultTime: now, fastPath: fast) {
                stored.contains($0)
            }
        }
        let (fast, reference) = (outcomes[0], outcomes[1])
        #expect(fast.accepted.map(\.line) == reference.accepted.map(\.line), sourceLocation: sourceLocation)
        #expect(fast.accepted.map(\.eventID) == reference.accepted.map(\.eventID), sourceLocation: sourceLocation)
        #expect(fast.accepted.map(\.event) == reference.accepted.map(\.event), sourceLocation: sourceLocation)
        #expect(fast.duplicates.map(\.line) == reference.duplicates.map(\.line), sourceLocation: sourceLocation)
        #expect(fast.duplicates.map(\.eventID) == reference.duplicates.map(\.eventID), sourceLocation: sourceLocation)
        #expect(fast.errors == reference.errors, sourceLocation: sourceLocation)
        #expect(fast.changes.states == reference.changes.states, sourceLocation: sourceLocation)
        #expect(fast.registry.liveCount == reference.registry.liveCount, sourceLocation: sourceLocation)
        // The store's run: the accepted lines as records, payloads exactly PayloadCodec's bytes;
        // the same whatever the size of the pieces read on background threads.
        for pieceSize in [1, 7, 1024, Int.max] {
            let store = BatchValidation.validate(lines: numbered, registry: registry, defaultTime: now, fastPath: true,
                                                 asRecords: true, pieceSize: pieceSize) { stored.contains($0) }
            #expect(store.accepted.isEmpty, sourceLocation: sourceLocation)
            #expect(store.errors == reference.errors, sourceLocation: sourceLocation)
            #expect(store.duplicates.map(\.line) == reference.duplicates.map(\.line), sourceLocation: sourceLocation)
            #expect(store.changes.states == reference.changes.states, sourceLocation: sourceLocation)
            #expect(store.records.count == reference.accepted.count, sourceLocation: sourceLocation)
            for (record, item) in zip(store.records, reference.accepted) {
                #expect(record.type == item.event.body.type.rawValue, sourceLocation: sourceLocation)
                #expect(record.eventID == item.eventID, sourceLocation: sourceLocation)
                #expect(record.payload == PayloadCodec.encode(item.event), sourceLocation: sourceLocation)
                #expect(record.schemaVersion == SampleSchema.schemaVersion && record.recordedAt == nil, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("seeded batches: valid stream, repeats, stored ids, mutations", arguments: [1, 2, 3, 4] as [UInt64])
    func seeded(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var generator = RandomOperationGenerator(seed: seed)
        // The first part of the stream is "stored": its lines build the registry.
        var registry = SampleRegistry()
        var stored: Set<String> = []
        var earlier: [GeneratedEvent] = []
        for _ in 0..<300 {
            let g = generator.next()
            registry.apply(g.event)
            if let id = g.eventID { stored.insert(id) }
            earlier.append(g)
        }
        var lines: [[UInt8]] = []
        var accepted = 0
        for _ in 0..<2_000 {
            let g = generator.next()
            switch rng.below(20) {
            case 0: lines.append(Array(earlier[rng.below(earlier.count)].inputLine.utf8))  // stored id, or a state refusal
            case 1: if let last = lines.last { lines.append(last) }  // a repeat within the batch
            case 2, 3: lines.append(FastLineReaderTests.mutate(Array(g.inputLine.utf8), &rng))
            default: lines.append(Array(g.inputLine.utf8)); accepted += 1
            }
        }
        Self.compare(lines, registry: registry, stored: stored)
        #expect(accepted > 1_000)
    }

    @Test("hostile and random lines: the store's records equal the reference's events")
    func hostileAsRecords() {
        var rng = SplitMix64(seed: 77)
        var registry = SampleRegistry()
        var lines = (FastLineReaderTests.taken + FastLineReaderTests.declined).map { Array($0.utf8) }
        registry.apply(.sampleSubmitted, to: Fixture.id)
        for n in 0..<3_000 {
            let event = rng.event()
            if case .submitted = event.body {} else { registry.apply(.sampleSubmitted, to: event.sampleID) }
            let eventID: String? = n % 3 == 0 ? rng.string(maxLength: 40) : nil
            let style = InputLine.Style(uppercaseID: n % 5 == 0, time: n % 7 == 0 ? .offset(minutes: -330) : .shortest,
                                        explicitNulls: n % 2 == 0)
            lines.append(Array(InputLine.encode(event, eventID: eventID, style: style).utf8))
        }
        Self.compare(lines, registry: registry, stored: [])
    }

    @Test("samples whose ids share a filter bucket keep their own state")
    func sharedBucket() {
        // Same low ^ high, different ids: the overlay's filter cannot tell them apart.
        let a = SampleID(high: 0x1111_0000_0000_4000, low: 0x8000_0000_0000_0001)
        let b = SampleID(high: 0x2222_0000_0000_4000, low: 0x8000_0000_0000_0001 ^ 0x1111_0000_0000_4000 ^ 0x2222_0000_0000_4000)
        #expect(a.high ^ a.low == b.high ^ b.low && a != b)
        let lines = [
            Fixture.submitted(id: a.description), Fixture.line("nyckel.resubmitted", id: b.description),
            Fixture.line("sample.deleted", id: a.description), Fixture.line("nyckel.resubmitted", id: a.description),
            Fixture.submitted(id: b.description), Fixture.line("nyckel.resubmitted", id: b.description),
        ].map { Array($0.utf8) }
        Self.compare(lines, registry: SampleRegistry(), stored: [])
        let o = BatchValidation.validate(lines: lines.enumerated().map { ($0.offset + 1, $0.element) }, registry: SampleRegistry(),
                                         defaultTime: Self.now, fastPath: true) { _ in false }
        #expect(o.errors.map(\.line) == [2, 4])
        #expect(o.accepted.map(\.line) == [1, 3, 5, 6])
    }

    @Test("a refused line's event_id does not make a later line a duplicate, on both paths")
    func refusedThenValid() {
        let bad = Fixture.line("sample.relabeled", #","event_id":"k","label":"""#)
        let good = Fixture.line("sample.relabeled", #","event_id":"k","label":"x""#)
        let submit = Fixture.submitted(#","event_id":"s""#)
        let lines = [submit, bad, good, good, submit, Fixture.line("sample.deleted"), submit].map { Array($0.utf8) }
        Self.compare(lines, registry: SampleRegistry(), stored: [])
        Self.compare(lines, registry: SampleRegistry(), stored: ["k"])
    }
}
