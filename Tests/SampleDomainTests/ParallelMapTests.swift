import Testing
@testable import SampleDomain

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
