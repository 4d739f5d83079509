import EventLog
import Testing
@testable import SampleDomain

/// `expect_last_seq`: read on both paths (never into the payload), checked after the duplicate
/// check and before the state check, with the batch's earlier lines counted at the seqs they
/// will get.
@Suite("Preconditions (expect_last_seq) in batch validation")
struct PreconditionTests {
    static let now = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!

    /// The fixture sample submitted at seq 7 and relabeled at seq 9, of a log whose last seq is 12.
    static var registry: SampleRegistry {
        var r = SampleRegistry()
        r.apply(.sampleSubmitted, to: Fixture.id, seq: 7)
        r.apply(.sampleRelabeled, to: Fixture.id, seq: 9)
        return r
    }

    static func validate(_ lines: [String], fast: Bool = true, asRecords: Bool = false,
                         stored: Set<String> = []) -> BatchOutcome {
        let numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
        return BatchValidation.validate(lines: numbered, registry: registry, defaultTime: now, fastPath: fast,
                                        asRecords: asRecords, logLastSeq: 12) { stored.contains($0) }
    }

    static func relabel(_ expect: String, eventID: String? = nil, id: String = Fixture.idText) -> String {
        Fixture.line("sample.relabeled", #","label":"x","expect_last_seq":\#(expect)"# + (eventID.map { #","event_id":"\#($0)""# } ?? ""), id: id)
    }

    @Test(arguments: [true, false], [false, true])
    func aHeldPreconditionIsAcceptedAndNotStored(fast: Bool, asRecords: Bool) throws {
        let outcome = Self.validate([Self.relabel("9")], fast: fast, asRecords: asRecords)
        #expect(outcome.conflicts.isEmpty && outcome.errors.isEmpty)
        if asRecords {
            let payload = String(decoding: try #require(outcome.records.first).payload, as: UTF8.self)
            #expect(!payload.contains("expect_last_seq"), "\(payload)")
        } else {
            #expect(outcome.accepted.count == 1)
        }
    }

    @Test(arguments: [true, false])
    func aStaleOneIsAConflictNamingLineSampleExpectedAndActual(fast: Bool) {
        let outcome = Self.validate([Fixture.line("nyckel.responded", #","status":"accepted""#), Self.relabel("7")], fast: fast)
        // The first line is about the sample too: it will be seq 13, and the second line expected 7.
        #expect(outcome.conflicts == [PreconditionFailure(line: 2, sampleID: Fixture.id, expected: 7, actual: 13)])
        #expect(outcome.conflicts.first?.description
                == "line 2: sample \(Fixture.idText): expect_last_seq 7, but the last event about it is seq 13")
        #expect(outcome.errors.isEmpty)
    }

    @Test(arguments: [true, false])
    func earlierLinesOfTheBatchCountAtTheSeqsTheyWillGet(fast: Bool) {
        // 9 (stored) → line 1 is seq 13 → line 2 expects 13 and is seq 14 → line 3 expects 14.
        let outcome = Self.validate([Self.relabel("9"), Self.relabel("13"), Self.relabel("14")], fast: fast)
        #expect(outcome.conflicts.isEmpty)
        #expect(outcome.accepted.count == 3)
        // A line about another sample does not move this sample's seq, but does take a seq.
        let other = Fixture.submitted(id: Fixture.otherID.description)
        let mixed = Self.validate([other, Self.relabel("9"), Self.relabel("14"),
                                   Self.relabel("13", id: Fixture.otherID.description)], fast: fast)
        #expect(mixed.conflicts.isEmpty)
    }

    @Test(arguments: [true, false])
    func zeroMeansNoEventAboutTheSampleYet(fast: Bool) {
        let fresh = Fixture.submitted(#","expect_last_seq":0"#, id: Fixture.otherID.description)
        #expect(Self.validate([fresh], fast: fast).conflicts.isEmpty)
        let taken = Fixture.submitted(#","expect_last_seq":0"#)
        #expect(Self.validate([taken], fast: fast).conflicts
                == [PreconditionFailure(line: 1, sampleID: Fixture.id, expected: 0, actual: 9)])
        #expect(PreconditionFailure(line: 1, sampleID: Fixture.id, expected: 4, actual: 0).description
                == "line 1: sample \(Fixture.idText): expect_last_seq 4, but there is no event about it")
    }

    @Test(arguments: [true, false])
    func aRetriedEventIsADuplicateNotAConflict(fast: Bool) {
        let outcome = Self.validate([Self.relabel("3", eventID: "retry-1")], fast: fast, stored: ["retry-1"])
        #expect(outcome.conflicts.isEmpty)
        #expect(outcome.duplicates.map(\.line) == [1])
    }

    @Test(arguments: [true, false])
    func aConflictIsReportedBeforeTheStateCheck(fast: Bool) {
        // A relabel of a sample deleted meanwhile: the writer learns it is stale (409), not that
        // the sample is gone (422).
        var r = Self.registry
        r.apply(.sampleDeleted, to: Fixture.id, seq: 11)
        let numbered = [(number: 1, bytes: Array(Self.relabel("9").utf8))]
        let outcome = BatchValidation.validate(lines: numbered, registry: r, defaultTime: Self.now, fastPath: fast,
                                               logLastSeq: 12) { _ in false }
        #expect(outcome.conflicts == [PreconditionFailure(line: 1, sampleID: Fixture.id, expected: 9, actual: 11)])
        #expect(outcome.errors.isEmpty)
    }

    @Test(arguments: [
        ("-1", "line 1: field 'expect_last_seq': must be 0 or more, got -1"),
        ("1.5", "line 1: field 'expect_last_seq': expected an integer, got 1.5"),
        (#""9""#, "line 1: field 'expect_last_seq': expected an integer, got '9'"),
        ("9223372036854775808", "line 1: field 'expect_last_seq': must be at most 9223372036854775807, got 9223372036854775808"),
    ])
    func aBadValueIsRefusedNamingTheField(value: String, message: String) {
        let outcome = Self.validate([Self.relabel(value)])
        #expect(outcome.errors.map(\.description) == [message])
        #expect(outcome.conflicts.isEmpty)
    }

    @Test func nullMeansNoPrecondition() {
        #expect(Self.validate([Self.relabel("null")]).accepted.count == 1)
    }
}
