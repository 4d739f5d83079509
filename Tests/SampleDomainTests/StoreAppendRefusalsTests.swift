import EventLog
import Foundation
import Testing
@testable import SampleDomain

/// An all-or-nothing append refuses exactly what `SampleStore.check` finds, in the same order
/// and words, and then appends nothing: `tslog import` appends without checking first and
/// reports `AppendSummary.refusals` as `check`'s.
@Suite("Store: an append's refusals are check's")
struct StoreAppendRefusalsTests {
    @Test func anAppendRefusesWhatCheckFindsAndAppendsNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-refusals-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SampleStore(directory: dir)
        defer { try? store.close() }
        _ = try store.append(lines: [(1, Array(Fixture.submitted().utf8))], skipInvalid: false, now: Fixture.time)
        let lines = [
            Fixture.submitted(id: "11111111-2222-4333-8444-555555555555"),  // good
            Fixture.submitted(),  // refused: the sample is live
            Fixture.line("sample.relabeled", #","label":"x","expect_last_seq":7"#),  // a failed precondition
            Fixture.line("sample.relabeled", #","label":"bad\u0007""#),  // refused: a control character
        ].enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
        let checked = try store.check(lines: lines, now: Fixture.time)
        #expect(checked.map(\.line) == [2, 3, 4])
        #expect(checked[1].field == "expect_last_seq")
        let result = try store.append(lines: lines, skipInvalid: false, now: Fixture.time)
        #expect(result.refusals == checked)
        #expect(result.range == nil && store.writer.lastSeq == 1)
    }
}
