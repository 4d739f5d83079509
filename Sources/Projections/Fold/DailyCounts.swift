/// Live rows per UTC day of `created_at`, and distinct labels per day.
///
/// Feeds `daily`. `COUNT(DISTINCT label)` per day is kept by counting rows per (day, label) and
/// following each pair crossing zero. Days and pairs that drop to zero are removed, so `days`
/// holds exactly the dates that have samples.
struct DailyCounts: RowProjection {
    struct Tally: Equatable, Sendable {
        var samples: Int
        var distinctLabels: Int
    }

    private struct DayLabel: Hashable, Sendable {
        var day: Int64
        var label: Int32
    }

    private(set) var days: [Int64: Tally] = [:]
    private var perDayLabel: [DayLabel: Int] = [:]

    init() {}

    /// The counts a checkpoint stored: `days`, and `dayLabelCounts`.
    init(days: [Int64: Tally], dayLabelCounts: [(day: Int64, label: Int32, count: Int)]) {
        self.days = days
        perDayLabel.reserveCapacity(dayLabelCounts.count)
        for e in dayLabelCounts { perDayLabel[DayLabel(day: e.day, label: e.label)] = e.count }
    }

    /// Rows per (day, label) with at least one live row, in no particular order.
    var dayLabelCounts: [(day: Int64, label: Int32, count: Int)] {
        perDayLabel.map { (day: $0.key.day, label: $0.key.label, count: $0.value) }
    }

    mutating func apply(_ change: RowChange) {
        if let b = change.before, let a = change.after, b.labelID == a.labelID, b.day == a.day { return }
        if let b = change.before { add(b.day, b.labelID, -1) }
        if let a = change.after { add(a.day, a.labelID, 1) }
    }

    private mutating func add(_ day: Int64, _ label: Int32, _ delta: Int) {
        // Updated in place: one hash per dictionary in the common case, where the pair and the
        // day already have rows and keep some.
        let key = DayLabel(day: day, label: label)
        var old = 0, new = 0
        perDayLabel[key, default: 0].modify { count in
            old = count
            count += delta
            new = count
        }
        if new == 0 { perDayLabel[key] = nil }
        var samples = 0
        days[day, default: Tally(samples: 0, distinctLabels: 0)].modify { tally in
            tally.samples += delta
            if old == 0 { tally.distinctLabels += 1 } else if new == 0 { tally.distinctLabels -= 1 }
            samples = tally.samples
        }
        if samples == 0 { days[day] = nil }
    }
}

private extension Int {
    /// Runs `body` on the value in place (a dictionary's default subscript yields it for
    /// modification, so `dict[key, default: x].modify { … }` hashes the key once).
    mutating func modify(_ body: (inout Int) -> Void) { body(&self) }
}

private extension DailyCounts.Tally {
    mutating func modify(_ body: (inout DailyCounts.Tally) -> Void) { body(&self) }
}
