import EventLog
import Foundation
import SampleDomain
import Testing
import TestSupport

/// The differential suite: tslog's answers against a real PostgreSQL running the guide's SQL.
@Suite("PostgreSQL differential",
       .enabled(if: PostgresBinaries.found != nil || PostgresBinaries.required, Comment(rawValue: PostgresBinaries.notFoundMessage)))
struct DifferentialTests {
    /// The shared server, or a failure naming why it is missing or could not start.
    func server() throws -> PostgresServer {
        try PostgresServer.forTest()
    }

    func expectAgreement(_ run: DifferentialRun) throws {
        let logged = try LoggedSide(events: run.events)
        defer { logged.remove() }
        let (mismatches, compared) = try run.compare(on: try server(), sides: comparedSides + [logged.side])
        #expect(compared > 0)
        for message in mismatches.prefix(5) { Issue.record(Comment(rawValue: message)) }
        #expect(mismatches.count == 0, "\(mismatches.count) of \(compared) outputs differ in \(run.name)")
    }

    @Test("hand-written nasty sequence, after every op")
    func nastySequence() throws {
        let events = NastySequence.events
        try expectAgreement(DifferentialRun(name: "the nasty sequence", schema: "nasty", events: events,
                                            snapshots: Array(0...events.count)))
    }

    @Test("random operations", arguments: [1, 2, 3, 5, 8] as [UInt64])
    func randomOperations(seed: UInt64) throws {
        var generator = RandomOperationGenerator(seed: seed)
        let events = generator.next(400).map(\.event)
        try expectAgreement(DifferentialRun(name: "random seed \(seed)", schema: "random_\(seed)", events: events,
                                            snapshots: [0, 1, 2, 7, 31, 100, 217, 333, 400]))
    }

    @Test("demo stream")
    func demoStream() throws {
        let events = DemoGenerator(seed: 42, samples: 250).map(\.event)
        try expectAgreement(DifferentialRun(name: "demo seed 42", schema: "demo_42", events: events,
                                            snapshots: [0, 10, events.count / 2, events.count]))
    }

    /// Pinned outputs: PostgreSQL itself, checked against hand-written text, so a bug the harness's
    /// SQL and the reference fold share cannot hide.
    @Test("PostgreSQL's output pinned for the nasty sequence")
    func pinned() throws {
        let run = DifferentialRun(name: "pinned", schema: "pinned", events: NastySequence.events,
                                  snapshots: [0, NastySequence.events.count])
        let output = try server().runScript(run.script().sql, name: "pinned")
        let got = run.sections(output)
        let cases = run.cases(after: 0)
        func at(_ count: Int, _ query: DiffQuery, _ options: DiffOptions = DiffOptions()) -> String? {
            let list = run.cases(after: count)
            guard let i = list.firstIndex(where: { $0.query == query && $0.options == options }) else { return nil }
            return got["\(count) \(i)"]
        }
        #expect(cases.count > 10)
        #expect(at(0, .overall) == "total_samples,unique_labels,successful,failed,success_rate\n0,0,0,0,\n")
        #expect(at(0, .labels) == "label,label_type,count\n")
        let end = NastySequence.events.count
        #expect(at(end, .overall) == "total_samples,unique_labels,successful,failed,success_rate\n5,4,3,0,60.00\n")
        #expect(at(end, .accepted) == """
            image_url,label,label_type,crop_data,created_at
            https://p.supabase.co/x.jpg,Stain,defect,"{""x"":12.25,""y"":0.5,""width"":10,""height"":1988}",2026-03-01T00:00:00Z
            https://p.supabase.co/x.jpg,\u{E9},grade,"{""x"":0,""y"":0,""width"":0.125,""height"":3}",2026-02-28T23:59:59.999999Z
            https://p.supabase.co/x.jpg,您好🙂,grade,,9999-12-31T23:59:59.999999Z

            """)
        #expect(at(end, .daily) == """
            training_date,samples_submitted,unique_labels
            9999-12-31,1,1
            2026-03-01,2,2
            2026-02-28,1,1
            0001-01-01,1,1

            """)
    }
}
