import EventLog
import Testing
@testable import SampleDomain

@Suite("Sample registry and batch validation")
struct BatchValidationTests {
    static let now = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!
    static let idText = Fixture.idText

    static func validate(_ lines: [String], registry: SampleRegistry = SampleRegistry(),
                         stored: Set<String> = []) -> BatchOutcome {
        let numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
        return BatchValidation.validate(lines: numbered, registry: registry, defaultTime: now, isStored: { stored.contains($0) })
    }

    static let submit = Fixture.submitted()
    static let respond = Fixture.line("nyckel.responded", #","status":"accepted""#)
    static let delete = Fixture.line("sample.deleted")

    enum State: CaseIterable { case unknown, live, deleted }

    static func registry(_ state: State) -> SampleRegistry {
        var r = SampleRegistry()
        let submitted = SampleEvent(sampleID: Fixture.id, occurredAt: now,
                                    body: .submitted(SampleSubmitted(imageURL: "u", imagePath: "p", label: "l", labelType: .grade)))
        switch state {
        case .unknown: break
        case .live: r.apply(submitted)
        case .deleted:
            r.apply(submitted)
            r.apply(SampleEvent(sampleID: Fixture.id, occurredAt: now, body: .deleted(SampleDeleted())))
        }
        return r
    }

    static let lineOfType: [EventType: String] = [
        .sampleSubmitted: submit, .nyckelResponded: respond,
        .nyckelResubmitted: Fixture.line("nyckel.resubmitted"),
        .sampleRelabeled: Fixture.line("sample.relabeled", #","label":"x""#), .sampleDeleted: delete,
        .imageFetched: Fixture.line("image.fetched", #","url":"https://cdn.example/a.png","sha256":"\#(String(repeating: "ab", count: 32))","bytes":70,"format":"png","width":1,"height":1"#),
        .imageFetchFailed: Fixture.line("image.fetch_failed", #","url":"https://cdn.example/a.png","reason":"http 404","http_status":404"#),
        .sampleUpdated: Fixture.line("sample.updated", #","image_width":640,"clear":["crop_data"]"#),
    ]

    @Test("every event type against every sample state", arguments: EventType.allCases, State.allCases)
    func typeAgainstState(_ type: EventType, _ state: State) throws {
        let input = try Fixture.event(try #require(Self.lineOfType[type]))
        let error = Self.registry(state).check(input, line: 4)?.description
        let expected: String? = switch (type, state) {
        case (.sampleSubmitted, .live): "line 4: field 'sample_id': sample \(Self.idText) already exists"
        case (.sampleSubmitted, _): nil
        case (_, .live): nil
        case (_, .deleted): "line 4: field 'sample_id': sample \(Self.idText) was deleted"
        case (_, .unknown): "line 4: field 'sample_id': no sample \(Self.idText) exists"
        }
        #expect(error == expected)
    }

    @Test("registry counts live samples and forgets deleted ones")
    func registryCounts() {
        var r = Self.registry(.live)
        #expect(r.liveCount == 1 && r.isLive(Fixture.id) && !r.wasDeleted(Fixture.id))
        r.apply(SampleEvent(sampleID: Fixture.id, occurredAt: Self.now, body: .deleted(SampleDeleted())))
        #expect(r.liveCount == 0 && !r.isLive(Fixture.id) && r.wasDeleted(Fixture.id))
    }

    @Test("submit then respond in one batch; later lines see earlier ones")
    func submitThenRespond() {
        let o = Self.validate([Self.submit, Self.respond])
        #expect(o.errors.isEmpty)
        #expect(o.accepted.map(\.line) == [1, 2])
        #expect(o.accepted.map(\.event.occurredAt) == [Self.now, Self.now])
        #expect(o.registry.isLive(Fixture.id))
    }

    @Test("order matters: respond before submit is refused, the submit still accepted")
    func ordering() {
        let o = Self.validate([Self.respond, Self.submit])
        #expect(o.errors.map(\.description) == ["line 1: field 'sample_id': no sample \(Self.idText) exists"])
        #expect(o.accepted.map(\.line) == [2])
    }

    @Test("a second submit in the same batch is refused")
    func secondSubmit() {
        let o = Self.validate([Self.submit, Self.submit])
        #expect(o.errors.map(\.description) == ["line 2: field 'sample_id': sample \(Self.idText) already exists"])
        #expect(o.accepted.map(\.line) == [1])
    }

    @Test("delete then resubmit the same id is allowed, and a delete blocks events between")
    func deleteThenResubmit() {
        let o = Self.validate([Self.submit, Self.delete, Self.respond, Self.submit, Self.respond])
        #expect(o.errors.map(\.description) == ["line 3: field 'sample_id': sample \(Self.idText) was deleted"])
        #expect(o.accepted.map(\.line) == [1, 2, 4, 5])
        #expect(o.registry.liveCount == 1)
    }

    @Test("a refused line does not change the registry")
    func refusedLineNoEffect() {
        let bad = Fixture.submitted(#","image_width":-1"#)
        let o = Self.validate([bad, Self.respond])
        #expect(o.errors.map(\.description) == ["line 1: field 'image_width': must be 0 or more, got -1",
                                                "line 2: field 'sample_id': no sample \(Self.idText) exists"])
        #expect(o.registry.liveCount == 0)
    }

    @Test("duplicate event_id within a batch is skipped before any other check")
    func duplicateInBatch() {
        let first = Fixture.submitted(#","event_id":"e1""#)
        // Same event_id, but a line that would fail every other check: unknown sample, bad field.
        let again = Fixture.line("sample.relabeled", #","event_id":"e1","label":"""#, id: "22222222-2222-4222-8222-222222222222")
        let o = Self.validate([first, again, first])
        #expect(o.errors.isEmpty)
        #expect(o.accepted.map(\.line) == [1])
        #expect(o.accepted.first?.eventID == "e1")
        #expect(o.duplicates.map(\.line) == [2, 3])
        #expect(o.duplicates.map(\.eventID) == ["e1", "e1"])
    }

    @Test("event_id already stored is skipped before any other check")
    func duplicateStored() {
        let line = Fixture.line("sample.deleted", #","event_id":"old""#)  // the sample is unknown here
        let o = Self.validate([line], stored: ["old"])
        #expect(o.errors.isEmpty && o.accepted.isEmpty)
        #expect(o.duplicates.map(\.line) == [1])
    }

    @Test("a batch of only duplicates succeeds with nothing to append")
    func onlyDuplicates() {
        let lines = (1...3).map { Fixture.line("sample.deleted", #","event_id":"d\#($0)""#) }
        let o = Self.validate(lines, stored: ["d1", "d2", "d3"])
        #expect(o.errors.isEmpty && o.accepted.isEmpty && o.duplicates.count == 3)
    }

    @Test("an event_id seen only on a refused line does not make later lines duplicates")
    func refusedIDNotRemembered() {
        let bad = Fixture.line("sample.deleted", #","event_id":"e2""#)  // unknown sample: refused
        let good = Fixture.submitted(#","event_id":"e2""#)
        let o = Self.validate([bad, good])
        #expect(o.errors.map(\.line) == [1])
        #expect(o.accepted.map(\.line) == [2])
        #expect(o.duplicates.isEmpty)
    }

    @Test("malformed JSON is reported even when the event_id would be a duplicate")
    func malformedBeforeDuplicate() {
        let o = Self.validate([#"{"event_id":"old","#], stored: ["old"])
        #expect(o.errors.map(\.description) == ["line 1: malformed JSON at byte 18: expected a string key"])
    }

    @Test("an invalid event_id is never treated as a duplicate")
    func invalidIDNotDuplicate() {
        let line = Fixture.line("sample.deleted", #","event_id":"""#)
        let o = Self.validate([line], registry: Self.registry(.live), stored: [""])
        #expect(o.errors.map(\.description) == ["line 1: field 'event_id': must not be empty"])
    }

    struct StoreDown: Error {}

    @Test("an isStored failure propagates")
    func isStoredThrows() {
        let numbered = [(number: 1, bytes: Array(Fixture.line("sample.deleted", #","event_id":"x""#).utf8))]
        #expect(throws: StoreDown.self) {
            _ = try BatchValidation.validate(lines: numbered, registry: SampleRegistry(), defaultTime: Self.now,
                                             isStored: { _ in throw StoreDown() })
        }
    }
}
