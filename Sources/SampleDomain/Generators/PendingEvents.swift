import EventLog

/// A min-heap of events waiting for their time, ordered by `occurred_at` and then by the order
/// they were scheduled in (so one sample's events, scheduled in order at increasing times, always
/// come out in order).
package struct PendingEvents: Sendable {
    private struct Entry: Sendable {
        var time: Timestamp
        var order: UInt64
        var event: SampleEvent
        func precedes(_ other: Entry) -> Bool { (time, order) < (other.time, other.order) }
    }

    private var heap: [Entry] = []
    private var scheduled: UInt64 = 0

    /// No event waiting.
    package init() {}

    package var isEmpty: Bool { heap.isEmpty }
    /// The time of the earliest event waiting.
    package var earliest: Timestamp? { heap.first?.time }

    /// - Complexity: O(log n)
    package mutating func schedule(_ event: SampleEvent) {
        heap.append(Entry(time: event.occurredAt, order: scheduled, event: event))
        scheduled += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest event. - Complexity: O(log n)
    package mutating func popEarliest() -> SampleEvent? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].precedes(heap[m]) { m = l }
            if r < heap.count, heap[r].precedes(heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top.event
    }
}
