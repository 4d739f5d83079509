import EventLog
import Foundation
@testable import Projections
@testable import SampleDomain
import Testing
import TestSupport

/// `--valid-at T` (with and without `--as-of`) against PostgreSQL: the app's statements for the
/// events of records 1…S that occurred at or before T, replayed in `(occurred_at, seq)` order with
/// `INSERT … ON CONFLICT (id) DO NOTHING` (docs/events.md, "Valid time"), must leave a table on
/// which every guide query answers what tslog answers from its log with the same S and T.
///
/// The random operation stream's times are scattered over 60 days with many ties, so valid-time
/// order differs from seq order everywhere: relabels and answers occur before their sample's
/// submission, deletions before relabels, equal instants are ordered by seq. Each stream also
/// holds imports (`ImportPlan`, as `tslog import --deletions --taken-at` plans them): new rows at
/// their own `created_at`, and relabels, status changes, metadata updates and deletions at the
/// snapshot's time.
@Suite("Valid time against PostgreSQL",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct ValidTimeTests {
    func server() throws -> PostgresServer {
        try PostgresServer.forTest()
    }

    /// A seeded stream: random operations with an import after every `chunk` of them (the last
    /// one with `--deletions`).
    static func stream(seed: UInt64, chunks: Int = 3, chunk: Int = 110) throws -> [SampleEvent] {
        var generator = RandomOperationGenerator(seed: seed)
        var rng = SplitMix64(seed: seed &* 7919)
        var events: [SampleEvent] = []
        for round in 0..<chunks {
            events += generator.next(chunk).map(\.event)
            var table = ProjectionSet()
            for (n, event) in events.enumerated() { table.apply(event, seq: UInt64(n + 1)) }
            let live = table.exportRows()
            var rows: [ImportedRow] = []
            for row in live {
                var state = row.tableRowState
                switch rng.next() % 20 {
                case 0...2 where round == chunks - 1: continue  // left out: deleted (--deletions, last import only,
                                                                    // so the generator's later operations stay valid)
                case 3, 4, 5:
                    state.fields.label = ["pristine", "Stain", "near_mint", "O'Brien's crease"][Int(rng.next() % 4)]
                    if rng.next() % 2 == 0 { state.fields.labelType = [.defect, .region, .grade][Int(rng.next() % 3)] }
                case 6, 7, 8:
                    state.status = [.accepted, .rejected, .error][Int(rng.next() % 3)]
                case 9, 10, 11:  // metadata: a sample.updated at the snapshot's time, setting and clearing
                    state.fields.regionName = state.fields.regionName == nil ? "moved, \"quoted\"" : nil
                    state.fields.imageWidth = state.fields.imageWidth == 640 ? 641 : 640
                    state.fields.cropData = state.fields.cropData == nil ? CropData(x: 1, y: 2.5, width: 30, height: 40) : nil
                default: break
                }
                rows.append(ImportedRow(line: rows.count + 2, state: state))
            }
            for n in 0..<8 {  // new rows, created at times anywhere in the stream's range
                let id = SampleID(high: 0xFEED_0000_0000_4000 | UInt64(round), low: 0x8000_0000_0000_0000 | UInt64(n))
                let created = Timestamp(microseconds: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!.microseconds
                                        + Int64(rng.next() % (60 * 86_400)) * 1_000_000)
                let fields = SampleSubmitted(imageURL: "https://cdn.example/\(id).jpg", imagePath: "import/\(id).jpg",
                                             label: n % 2 == 0 ? "pristine" : "Stain", labelType: n % 3 == 0 ? .defect : .grade,
                                             nyckelFunctionID: "fn-import")
                rows.append(ImportedRow(line: rows.count + 2, state: TableRowState(
                    id: id, createdAt: created, fields: fields, nyckelSampleID: n % 2 == 0 ? "nk-\(n)" : nil,
                    status: n % 2 == 0 ? .accepted : .submitted)))
            }
            let takenAt = Timestamp(microseconds: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!.microseconds
                                    + Int64(rng.next() % (60 * 86_400)) * 1_000_000)
            let plan = try ImportPlan.make(rows: rows, current: { table.row($0)?.tableRowState }, liveIDs: live.map(\.id),
                                           deletions: round == chunks - 1, now: takenAt)
            events += plan.steps.map(\.event)
        }
        return events
    }

    /// The (S, T) pairs asked: S = the whole stream (no `--as-of`) or a random prefix; T an
    /// event's own `occurred_at` (ties and "at or before" exactly), a microsecond before it, a
    /// day boundary, before everything and after everything.
    static func points(_ events: [SampleEvent], seed: UInt64) -> [(seq: Int, validAt: Timestamp)] {
        var rng = SplitMix64(seed: seed &+ 101)
        var list: [(Int, Timestamp)] = []
        let times = events.map(\.occurredAt).sorted()
        list.append((events.count, Timestamp(microseconds: times[0].microseconds - 1)))
        list.append((events.count, times[times.count - 1]))
        for k in 0..<10 {
            let seq = k % 2 == 0 ? events.count : Int(rng.next() % UInt64(events.count)) + 1
            var t = events[Int(rng.next() % UInt64(events.count))].occurredAt
            switch k % 3 {
            case 1: t = Timestamp(microseconds: t.microseconds - 1)
            case 2: t = Timestamp(microseconds: t.utcDay * 86_400_000_000)  // a bare date: 00:00 UTC
            default: break
            }
            list.append((seq, t))
        }
        return list
    }

    /// The events of records 1…`seq` that occurred at or before `validAt`, in valid-time order.
    static func validOrder(_ events: [SampleEvent], seq: Int, validAt: Timestamp) -> [SampleEvent] {
        events.prefix(seq).enumerated().filter { $0.element.occurredAt <= validAt }
            .sorted { ($0.element.occurredAt, $0.offset) < ($1.element.occurredAt, $1.offset) }
            .map(\.element)
    }

    /// The app's statement for `event`, a submission of a live id doing nothing.
    static func statement(_ event: SampleEvent) -> String {
        let sql = SQLWriter.statement(event)
        guard case .submitted = event.body else { return sql }
        return String(sql.dropLast(1)) + " ON CONFLICT (id) DO NOTHING;"
    }

    @Test("random (S, T) points, with and without --as-of, on streams with imports", arguments: [1, 2, 3] as [UInt64])
    func randomPoints(seed: UInt64) throws {
        let events = try Self.stream(seed: seed)
        let imported = events.count - 3 * 110
        #expect(imported > 30, "the imports planned \(imported) events")
        let updates = events.compactMap { e -> SampleUpdated? in if case .updated(let u) = e.body { u } else { nil } }
        #expect(updates.contains { !$0.sets.isEmpty } && updates.contains { !($0.clear ?? []).isEmpty },
                "the stream sets and clears columns with sample.updated (\(updates.count) updates)")
        let logged = try LoggedSide(events: events)
        defer { logged.remove() }
        let schema = "valid_\(seed)"
        var sql = SQLWriter.createTable(schema: schema)
        var asked: [[QueryCase]] = []
        let points = Self.points(events, seed: seed)
        var reordered = 0
        for (p, point) in points.enumerated() {
            let ordered = Self.validOrder(events, seq: point.seq, validAt: point.validAt)
            if ordered.map(\.occurredAt) != events.prefix(point.seq).map(\.occurredAt).filter({ $0 <= point.validAt }) { reordered += 1 }
            sql += "TRUNCATE training_samples;\n" + ordered.map(Self.statement).joined(separator: "\n") + "\n"
            let run = DifferentialRun(name: "valid \(seed)", schema: schema, events: ordered, snapshots: [ordered.count])
            let cases = run.cases(after: ordered.count)
            asked.append(cases)
            for (i, c) in cases.enumerated() { sql += "\\qecho \(run.marker) \(p) \(i)\n" + GuideSQL.copy(c.query, c.options) + "\n" }
        }
        #expect(reordered >= points.count / 2, "valid-time order should differ from seq order at most points")
        let run = DifferentialRun(name: "valid \(seed)", schema: schema, events: [], snapshots: [])
        let got = run.sections(try server().runScript(sql, name: schema))
        var mismatches: [String] = []
        var compared = 0
        let reader = try LogReader(directory: logged.directory)
        for (p, point) in points.enumerated() {
            let projections = try ProjectionLoader.load(reader, through: UInt64(point.seq), validAt: point.validAt)
            for (i, c) in asked[p].enumerated() {
                var o = QueryOptions()
                o.labelType = c.options.labelType
                o.label = c.options.label
                o.limit = c.options.limit
                o.days = c.options.days
                o.below = c.options.below
                let mine = try projections.query(c.query.tslogName, o).render(.csv, rawCells: true)  // COPY has no formula guard
                compared += 1
                let postgres = got["\(p) \(i)"]
                if mine != postgres {
                    mismatches.append("\(c) at S=\(point.seq) T=\(point.validAt.rfc3339()): tslog\n\(mine)\npostgres\n\(postgres ?? "(none)")")
                }
            }
        }
        #expect(compared > 100)
        for message in mismatches.prefix(3) { Issue.record(Comment(rawValue: message)) }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared) outputs differ")
    }

    /// `diff --valid T1 T2` lists exactly the samples whose row differs between the two valid-time
    /// states the PostgreSQL comparison above checks: added, deleted, or any column changed.
    @Test("diff --valid agrees with the two states it compares", arguments: [1, 2] as [UInt64])
    func diffBetweenValidTimes(seed: UInt64) throws {
        let events = try Self.stream(seed: seed)
        let logged = try LoggedSide(events: events)
        defer { logged.remove() }
        let reader = try LogReader(directory: logged.directory)
        let points = Self.points(events, seed: seed)
        var compared = 0
        for (a, b) in zip(points, points.dropFirst()) where a.seq == b.seq {
            let diff = try DatasetDiff.compute(reader, through: UInt64(a.seq), validFrom: a.validAt, validTo: b.validAt)
            func rows(_ t: Timestamp) throws -> [SampleID: TableRowState] {
                let state = try ProjectionLoader.load(reader, through: UInt64(a.seq), validAt: t)
                return Dictionary(uniqueKeysWithValues: state.exportRows().map { ($0.id, $0.tableRowState) })
            }
            let before = try rows(a.validAt), after = try rows(b.validAt)
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            #expect(Set(diff.rows.map(\.id)) == changed, "S=\(a.seq) \(a.validAt.rfc3339()) → \(b.validAt.rfc3339())")
            #expect(diff.count(.added) == changed.filter { before[$0] == nil }.count)
            #expect(diff.count(.deleted) == changed.filter { after[$0] == nil }.count)
            compared += 1
        }
        #expect(compared >= 2)
    }
}
