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
        let key = DayLabel(day: day, label: label)
        let old = perDayLabel[key, default: 0]
        let new = old + delta
        perDayLabel[key] = new == 0 ? nil : new
        var tally = days[day, default: Tally(samples: 0, distinctLabels: 0)]
        tally.samples += delta
        if old == 0 { tally.distinctLabels += 1 } else if new == 0 { tally.distinctLabels -= 1 }
        days[day] = tally.samples == 0 ? nil : tally
    }
}
