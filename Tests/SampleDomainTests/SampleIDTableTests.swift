import Testing
@testable import SampleDomain

/// The registry's id table against a `Dictionary`, through seeded updates of clustered ids
/// (so probe runs collide and wrap) and of the all-zero id, which marks empty buckets.
@Suite("Sample id table")
struct SampleIDTableTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func agreesWithADictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pool = [SampleID(high: 0, low: 0)] + (1..<3_000).map { i in SampleID(high: UInt64(i % 3), low: UInt64(i / 3) << 20) }
        var table = SampleIDTable()
        var oracle: [SampleID: UInt8] = [:]
        for _ in 0..<50_000 {
            let id = pool[Int(rng.next() % UInt64(pool.count))]
            let value = UInt8(rng.next() % 3)
            #expect(table.value(of: id) == oracle[id])
            #expect(table.set(id, to: value) == oracle[id])
            oracle[id] = value
            #expect(table.count == oracle.count)
        }
        for id in pool { #expect(table.value(of: id) == oracle[id]) }
        #expect(table.value(of: SampleID(high: 99, low: 99)) == nil)
    }
}
