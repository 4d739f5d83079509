import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("Small spaces, enumerated")
struct ExhaustiveTests {
    /// Ways to bring sample 1 into a state before the event under test.
    static let setups: [(name: String, bodies: [EventBody])] = [
        ("absent", []),
        ("submitted", [submitted("a")]),
        ("accepted", [submitted("a"), responded(.accepted, nyckelID: "n")]),
        ("rejected", [submitted("a"), responded(.rejected)]),
        ("error", [submitted("a"), responded(.error)]),
        ("resubmitted", [submitted("a"), responded(.error), .resubmitted(NyckelResubmitted())]),
        ("relabeled", [submitted("a"), .relabeled(SampleRelabeled(label: "b", labelType: .defect))]),
        ("deleted", [submitted("a"), responded(.accepted), .deleted(SampleDeleted())]),
    ]

    static let events: [EventBody] = [
        submitted("c", .region, scan: "s", crop: CropData(x: 0, y: 0, width: 1, height: 1)),
        responded(.accepted), responded(.rejected, nyckelID: "m"), responded(.error),
        .resubmitted(NyckelResubmitted()), .resubmitted(NyckelResubmitted(nyckelFunctionID: "f")),
        .relabeled(SampleRelabeled(label: "a")), .relabeled(SampleRelabeled(label: "d", labelType: .grade)),
        .deleted(SampleDeleted()),
    ]

    /// Every event type against every state of a sample, next to a second untouched sample:
    /// the projections agree with the naive table on every query.
    @Test func everyEventAgainstEveryState() throws {
        for setup in Self.setups {
            for event in Self.events {
                var fold = Fold()
                var naive = NaiveTable()
                let all = [(sid(2), submitted("a"))] + setup.bodies.map { (sid(1), $0) } + [(sid(1), event)]
                for (id, body) in all {
                    fold.add(id, t0, body)
                    naive.apply(SampleEvent(sampleID: id, occurredAt: t0, body: body))
                }
                for (name, options) in OracleTests.optionSets() {
                    #expect(try fold.set.query(name, options) == naive.query(name, options), "\(setup.name) + \(event.type)")
                }
                #expect(fold.set.row(sid(1)) == naive.rows[sid(1)], "\(setup.name) + \(event.type)")
            }
        }
    }

    /// `firstSorted` is `sorted().prefix(k)` for every k, on both of its paths.
    @Test func firstSortedIsSortedPrefix() {
        var rng = SplitMix64(seed: 7)
        for n in [0, 1, 2, 5, 17, 100] {
            let values = (0..<n).map { _ in Int.random(in: 0..<10, using: &rng) * 1000 + Int.random(in: 0..<1000, using: &rng) }
            for k in [0, 1, 2, 3, 4, 10, 24, 25, 99, 100, 101, Int.max] {
                #expect(values.firstSorted(k, by: <) == Array(values.sorted().prefix(k)), "n \(n) k \(k)")
            }
        }
    }
}
