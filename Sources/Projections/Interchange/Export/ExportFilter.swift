import EventLog
import SampleDomain

/// Which rows an export keeps: `WHERE nyckel_status = S AND label_type = T AND label = L`, each
/// condition only when set. Labels are compared byte for byte, as `COLLATE "C"` does.
public struct ExportFilter: Equatable, Sendable {
    public var status: NyckelStatus?
    public var labelType: LabelType?
    public var label: String?

    public init(status: NyckelStatus? = nil, labelType: LabelType? = nil, label: String? = nil) {
        self.status = status; self.labelType = labelType; self.label = label
    }

    /// Whether `row` passes every condition that is set.
    public func keeps(_ row: SampleRow) -> Bool {
        if let status, row.status != status { return false }
        if let labelType, row.labelType != labelType { return false }
        if let label, !row.label.utf8.elementsEqual(label.utf8) { return false }
        return true
    }
}

extension ProjectionSet {
    /// Every live row that `filter` keeps, ordered by `created_at`, then `id` (byte order): the
    /// order every export format writes, so the same state always exports the same bytes.
    ///
    /// Holds every row in memory at once: `export(_:as:_:chunkRows:to:)` streams instead. The
    /// filter and the order come from the compact rows (`exportPlan`), so only kept rows are
    /// read back from the log, on two threads when there are many.
    /// - Complexity: O(n log n) in the number of kept rows, plus one or two record reads each.
    public func exportRows(_ filter: ExportFilter = ExportFilter()) -> [SampleRow] {
        table.readRows(exportPlan(filter).slots)
    }
}

extension ExportFilter {
    /// `keeps(_:)` on a compact row of `table`: the columns it tests are all kept there.
    func keeps(_ table: SampleTable, _ row: SampleTable.StoredRow) -> Bool {
        if let status, row.status != status { return false }
        if let labelType, row.labelType != labelType { return false }
        if let label, !table.labels[row.labelID].utf8.elementsEqual(label.utf8) { return false }
        return true
    }
}
