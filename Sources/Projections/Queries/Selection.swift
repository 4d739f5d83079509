extension Array {
    /// The first `k` elements of this array in `areInIncreasingOrder` order: what
    /// `ORDER BY … LIMIT k` returns.
    ///
    /// - Complexity: O(n log k) with a bounded heap when `k` is small against `n`;
    ///   otherwise a full sort, O(n log n).
    func firstSorted(_ k: Int, by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        guard k > 0 else { return [] }
        if k >= count / 4 { return Array(sorted(by: areInIncreasingOrder).prefix(k)) }
        // A max-heap (by the order) of the k best seen so far; its root is the worst of them.
        var heap = Array(self[0..<k])
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var largest = i
                if l < heap.count, areInIncreasingOrder(heap[largest], heap[l]) { largest = l }
                if r < heap.count, areInIncreasingOrder(heap[largest], heap[r]) { largest = r }
                if largest == i { return }
                heap.swapAt(i, largest)
                i = largest
            }
        }
        for i in stride(from: k / 2 - 1, through: 0, by: -1) { siftDown(i) }
        for e in self[k...] where areInIncreasingOrder(e, heap[0]) {
            heap[0] = e
            siftDown(0)
        }
        return heap.sorted(by: areInIncreasingOrder)
    }
}
