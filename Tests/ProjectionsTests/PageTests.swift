import EventLog
import Projections
import SampleDomain
import Testing

/// The desk's queue pages (`ProjectionSet.page`) list exactly the rows of the guide's listings,
/// in their order, whatever the page size.
struct PageTests {
    static func demo() -> Fold {
        var fold = Fold()
        for generated in DemoGenerator(seed: 11, samples: 700) {
            fold.add(generated.event.sampleID, generated.event.occurredAt, generated.event.body)
        }
        return fold
    }

    /// Every page of `filter`, `limit` rows at a time, followed through the cursors.
    static func all(_ set: ProjectionSet, _ filter: ProjectionSet.PageFilter, limit: Int) throws -> (ids: [String], totals: Set<Int>) {
        var ids: [String] = []
        var totals = Set<Int>()
        var cursor: ProjectionSet.PageCursor?
        repeat {
            let page = try set.page(filter, after: cursor, limit: limit)
            ids += page.rows.map(\.id.description)
            totals.insert(page.total)
            cursor = page.next
        } while cursor != nil
        return (ids, totals)
    }

    @Test(arguments: [1, 7, 48, 1000])
    func pagesFollowTheListingsOfFailedAndProblems(limit: Int) throws {
        let fold = Self.demo()
        var errors = ProjectionSet.PageFilter()
        errors.statuses = [.error]
        let failed = try fold.query(.failed) { $0.limit = 1_000_000 }.texts.map { $0[0]! }
        let listed = try Self.all(fold.set, errors, limit: limit)
        #expect(!failed.isEmpty)
        #expect(listed.ids == failed)
        #expect(listed.totals == [failed.count])

        var problemsFilter = ProjectionSet.PageFilter()
        problemsFilter.statuses = [.error, .rejected]
        let problems = try fold.query(.problems).texts.map { $0[0]! }
        let both = try Self.all(fold.set, problemsFilter, limit: limit)
        #expect(both.ids == problems)
        #expect(both.totals == [problems.count])
    }

    @Test func aLabelFilterListsWhatSamplesLists() throws {
        let fold = Self.demo()
        var filter = ProjectionSet.PageFilter()
        filter.label = "near_mint"
        filter.labelType = .grade
        let samples = try fold.query(.samples) { $0.label = "near_mint"; $0.labelType = .grade }.texts.map { $0[0]! }
        let listed = try Self.all(fold.set, filter, limit: 5)
        #expect(!samples.isEmpty)
        #expect(listed.ids == samples)
        filter.label = "no such label"
        #expect(try fold.set.page(filter, after: nil, limit: 5).total == 0)
    }

    @Test func everyLiveRowWithoutAStatusFilterAndOnlyTheChosenOnes() throws {
        let fold = Self.demo()
        let listed = try Self.all(fold.set, ProjectionSet.PageFilter(), limit: 100)
        #expect(listed.ids.count == fold.set.liveCount)
        #expect(Set(listed.ids).count == listed.ids.count)
        let chosen = Set(listed.ids.prefix(3).compactMap { SampleID($0) })
        let page = try fold.set.page(ProjectionSet.PageFilter(), after: nil, limit: 100, only: chosen)
        #expect(page.total == 3 && Set(page.rows.map(\.id)) == chosen && page.next == nil)
    }
}
