import EventLog
@testable import Projections
import SampleDomain
import Testing

/// Seeded random event streams folded by `ProjectionSet` and by the naive table: every query,
/// with a spread of options, must answer the same, at many points along the stream.
@Suite("ProjectionSet against a naive recomputation")
struct OracleTests {
    static let labels = ["a", "A", "b", "heavy_wear", "near_mint", "\u{E9}", "e\u{301}", "您好🙂", "x,y", "Spine Tick"]

    /// A random stream: mostly valid events (what SampleDomain lets through), a few that cannot
    /// apply. Times cluster on a few instants around UTC midnights so ties and day edges are common.
    static func stream(seed: UInt64, count: Int, ids idCount: Int) -> [SampleEvent] {
        var rng = SplitMix64(seed: seed)
        let ids = (0..<idCount).map { _ in SampleID(high: UInt64.random(in: 0...3, using: &rng), low: rng.next()) }
        let base = at("2026-11-20T00:00:00Z").microseconds
        let offsets: [Int64] = [0, 1, 43_200_000_000, 86_399_999_999, 86_400_000_000]
        var live = Set<SampleID>()
        var events: [SampleEvent] = []
        for _ in 0..<count {
            let id = ids.randomElement(using: &rng)!
            let day = Int64.random(in: 0...4, using: &rng) * 86_400_000_000
            let when = Timestamp(microseconds: base + day + offsets.randomElement(using: &rng)!)
            let label = labels.randomElement(using: &rng)!
            let type = LabelType.allCases.randomElement(using: &rng)!
            let roll = Int.random(in: 0..<100, using: &rng)
            let body: EventBody
            if !live.contains(id) && roll < 92 || live.contains(id) && roll < 3 {
                body = .submitted(SampleSubmitted(
                    imageURL: "https://img/\(rng.next() % 1000).jpg", imagePath: "p/\(label)", label: label, labelType: type,
                    nyckelFunctionID: Bool.random(using: &rng) ? "fn-\(rng.next() % 3)" : nil,
                    sourceScanID: roll % 3 == 0 ? "scan-\(rng.next() % 5)" : nil,
                    regionName: roll % 2 == 0 ? ["spine", "corner_tl", "Spine"].randomElement(using: &rng) : nil,
                    cropData: roll % 4 == 0 ? CropData(x: Double(roll), y: 0.5, width: 10, height: 20) : nil,
                    imageWidth: roll % 5 == 0 ? 640 : nil))
            } else if roll < 45 {
                body = .responded(NyckelResponded(status: ResponseStatus.allCases.randomElement(using: &rng)!,
                                                  nyckelSampleID: Bool.random(using: &rng) ? "ny-\(roll)" : nil))
            } else if roll < 60 {
                body = .resubmitted(NyckelResubmitted(nyckelFunctionID: Bool.random(using: &rng) ? "fn-9" : nil))
            } else if roll < 82 {
                body = .relabeled(SampleRelabeled(label: label, labelType: Bool.random(using: &rng) ? type : nil))
            } else {
                body = .deleted(SampleDeleted(reason: "r"))
            }
            switch body {
            case .submitted: live.insert(id)
            case .deleted: live.remove(id)
            default: break
            }
            events.append(SampleEvent(sampleID: id, occurredAt: when, body: body))
        }
        return events
    }

    static func optionSets() -> [(QueryName, QueryOptions)] {
        var out: [(QueryName, QueryOptions)] = []
        func add(_ name: QueryName, _ configure: (inout QueryOptions) -> Void = { _ in }) {
            var o = QueryOptions()
            configure(&o)
            out.append((name, o))
        }
        add(.labelTypes); add(.accepted); add(.scans); add(.overall); add(.problems)
        for t in [nil] + LabelType.allCases { add(.labels) { $0.labelType = t } }
        for n in [0, 1, 3, 20, Int.max] { add(.failed) { $0.limit = n } }
        for n in [0, 1, 2, 30] { add(.daily) { $0.days = n } }
        for label in labels + ["missing"] {
            add(.samples) { $0.label = label }
            add(.samples) { $0.label = label; $0.labelType = .grade }
        }
        for below in [0, 1, 2, 5, 10] {
            add(.balance) { $0.below = below }
            add(.balance) { $0.below = below; $0.labelType = .defect }
        }
        return out
    }

    static func compare(_ set: ProjectionSet, _ naive: NaiveTable, _ context: String) throws {
        #expect(set.liveCount == naive.rows.count, "\(context)")
        for (id, row) in naive.rows { #expect(set.row(id) == row, "\(context) row \(id)") }
        for (name, options) in optionSets() {
            let got = try set.query(name, options)
            let want = try naive.query(name, options)
            #expect(got == want, "\(context) \(name.rawValue) \(options.labelType?.rawValue ?? "-") \(options.label ?? "-") limit \(options.limit) days \(options.days) below \(options.below)")
            #expect(got.render(.csv) == want.render(.csv))
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func denseStream(seed: UInt64) throws {
        var set = ProjectionSet()
        var naive = NaiveTable()
        for (i, event) in Self.stream(seed: seed, count: 400, ids: 30).enumerated() {
            set.apply(event, seq: UInt64(i + 1))
            naive.apply(event)
            if i % 40 == 39 { try Self.compare(set, naive, "seed \(seed) after \(i + 1)") }
        }
        try Self.compare(set, naive, "seed \(seed) at end")
        #expect(set.lastSeq == 400)
    }

    /// Many ids and few events each: big status lists, so `failed` takes its bounded-heap path.
    @Test func sparseStream() throws {
        var set = ProjectionSet()
        var naive = NaiveTable()
        for (i, event) in Self.stream(seed: 99, count: 1_500, ids: 600).enumerated() {
            set.apply(event, seq: UInt64(i + 1))
            naive.apply(event)
        }
        #expect(set.count(status: .error) > 40)
        try Self.compare(set, naive, "sparse")
    }
}
