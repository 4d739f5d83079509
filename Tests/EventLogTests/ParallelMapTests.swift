import Testing
@testable import EventLog

@Suite("Parallel map")
struct ParallelMapTests {
    @Test("gives map's answer, in order, for sizes around the threshold and the split",
          arguments: [0, 1, 255, 256, 257, 1_001, 10_000])
    func sameAsMap(_ count: Int) {
        let items = (0..<count).map { "line \($0)" }
        let parallel = ParallelMap.map(items) { $0.utf8.count * 31 + ($0.hashValue & 1) }
        #expect(parallel == items.map { $0.utf8.count * 31 + ($0.hashValue & 1) })
    }
}

@Suite("Parallel parts")
struct ParallelPartsTests {
    @Test("parts cover 0..<count in order, without gaps or overlap", arguments: [0, 1, 255, 256, 257, 10_001])
    func cover(_ count: Int) {
        let parts = ParallelMap.parts(count) { $0 }
        #expect(parts.first?.lowerBound == 0 && parts.last?.upperBound == count)
        for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(parts.count == (count >= ParallelMap.minimumItems ? ParallelMap.threads : 1))
    }
}
