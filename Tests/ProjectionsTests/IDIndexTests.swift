@testable import Projections
import SampleDomain
import Testing

/// The open-addressing id table against a `Dictionary`, through inserts, deletes and slot reuse.
@Suite("IDIndex")
struct IDIndexTests {
    static func row(_ id: SampleID) -> SampleTable.StoredRow {
        SampleTable.StoredRow(id: id, createdAt: 0, submitAt: 0, nyckelAt: 0, labelID: 0, functionID: -1,
                              labelType: .grade, status: .submitted, hasScan: false, hasCrop: false, live: true)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func agreesWithADictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        // Few distinct high words and clustered low words, so probe runs collide and wrap.
        let pool = (0..<600).map { i in SampleID(high: UInt64(i % 3), low: UInt64(i / 3) << 20) }
        var rows = RowStore()
        var free: [Int32] = []
        var index = IDIndex()
        var oracle: [SampleID: Int32] = [:]
        for _ in 0..<20_000 {
            let id = pool[Int(rng.next() % UInt64(pool.count))]
            if let slot = oracle[id] {
                #expect(index.find(id, in: rows) == slot)
                index.remove(id, rows: rows)
                rows[Int(slot)].live = false
                oracle[id] = nil
                free.append(slot)
            } else {
                #expect(index.find(id, in: rows) == nil)
                let slot = free.popLast() ?? Int32(rows.count)
                if Int(slot) == rows.count { rows.append(Self.row(id)) } else { rows[Int(slot)] = Self.row(id) }
                index.insert(id, slot: slot, rows: rows)
                oracle[id] = slot
            }
            #expect(index.count == oracle.count)
        }
        for id in pool { #expect(index.find(id, in: rows) == oracle[id]) }
        #expect(index.buckets.filter { $0 >= 0 }.count == oracle.count)
    }

    @Test func reservingKeepsEveryEntry() {
        var rows = RowStore()
        var index = IDIndex()
        for i in 0..<100 {
            rows.append(Self.row(SampleID(high: UInt64(i), low: 7)))
            index.insert(rows[i].id, slot: Int32(i), rows: rows)
        }
        index.reserveCapacity(10_000, rows: rows)
        #expect(index.buckets.count == 16_384)
        for i in 0..<100 { #expect(index.find(rows[i].id, in: rows) == Int32(i)) }
        #expect(index.find(SampleID(high: 100, low: 7), in: rows) == nil)
    }
}
