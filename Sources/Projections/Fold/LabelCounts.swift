import SampleDomain

/// Live row counts per (label, label_type), per label, per label_type, and in all.
///
/// Feeds `label-types`, `labels`, `balance` and the totals of `overall`. Counters are indexed by
/// interned label id; `distinctLabels` follows each label's total crossing zero, which is
/// `COUNT(DISTINCT label)` without a scan.
struct LabelCounts: RowProjection {
    /// `byLabelAndType[labelID * 3 + labelType.ordinal]`.
    private(set) var byLabelAndType: [Int] = []
    /// Rows per label id, whatever their type.
    private(set) var byLabel: [Int] = []
    /// Rows per `LabelType.ordinal`.
    private(set) var byType: [Int] = [0, 0, 0]
    /// Labels with at least one live row.
    private(set) var distinctLabels = 0
    private(set) var total = 0

    init() {}

    /// The counters a checkpoint stored.
    init(byLabelAndType: [Int], byLabel: [Int], byType: [Int], distinctLabels: Int, total: Int) {
        self.byLabelAndType = byLabelAndType
        self.byLabel = byLabel
        self.byType = byType
        self.distinctLabels = distinctLabels
        self.total = total
    }

    mutating func apply(_ change: RowChange) {
        if let b = change.before, let a = change.after, b.labelID == a.labelID, b.labelType == a.labelType { return }
        if let b = change.before { add(b.labelID, b.labelType, -1) }
        if let a = change.after { add(a.labelID, a.labelType, 1) }
    }

    private mutating func add(_ label: Int32, _ type: LabelType, _ delta: Int) {
        let l = Int(label)
        if l >= byLabel.count {
            byLabel.append(contentsOf: repeatElement(0, count: l + 1 - byLabel.count))
            byLabelAndType.append(contentsOf: repeatElement(0, count: byLabel.count * 3 - byLabelAndType.count))
        }
        byLabelAndType[l * 3 + type.ordinal] += delta
        byType[type.ordinal] += delta
        total += delta
        let old = byLabel[l]
        byLabel[l] = old + delta
        if old == 0 { distinctLabels += 1 } else if old + delta == 0 { distinctLabels -= 1 }
    }

    /// Live rows with this label id and type.
    func count(label: Int32, type: LabelType) -> Int {
        let l = Int(label)
        return l < byLabel.count ? byLabelAndType[l * 3 + type.ordinal] : 0
    }

    func count(type: LabelType) -> Int { byType[type.ordinal] }

    /// Label ids that have ever had a counter (some may be at zero now).
    var labelIDs: Range<Int32> { 0..<Int32(byLabel.count) }
}
