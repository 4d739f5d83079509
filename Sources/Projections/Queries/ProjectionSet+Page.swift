import EventLog
import SampleDomain

/// The audit desk's queue: live rows matching a filter, one page at a time, newest first.
///
/// Ordered as the guide's listings are (`ORDER BY created_at DESC, id`), so that a status filter
/// of `error` lists exactly the rows `tslog query failed` does, and `error`+`rejected` those of
/// `tslog query problems`. A page is found by one pass over the candidate rows keeping the
/// `limit` first after the cursor: O(candidates · log limit), never a sort of the whole table,
/// and only the page's rows are read back from the log.
extension ProjectionSet {
    /// Which rows the queue lists.
    public struct PageFilter: Sendable {
        /// Empty: every status.
        public var statuses: [NyckelStatus] = []
        public var labelType: LabelType?
        public var label: String?
        public init() {}
    }

    /// Where a page starts: after the row with this `created_at` and id.
    public struct PageCursor: Equatable, Sendable {
        public var createdAt: Int64
        public var id: SampleID
        public init(createdAt: Int64, id: SampleID) { self.createdAt = createdAt; self.id = id }
    }

    /// One page: its rows, how many rows match in all, and where the next page starts (nil: last).
    public struct Page: Sendable {
        public var rows: [SampleRow]
        public var total: Int
        public var next: PageCursor?
    }

    /// The rows matching `filter` that come after `cursor` (newest first), at most `limit`; only
    /// those in `only` when given (the samples changed since a tag).
    /// - Throws: when a row's wide columns cannot be read back from the log.
    public func page(_ filter: PageFilter, after cursor: PageCursor?, limit: Int, only: Set<SampleID>? = nil) throws -> Page {
        let labelID: Int32?
        if let label = filter.label {
            guard let id = table.labels.id(of: label) else { return Page(rows: [], total: 0, next: nil) }
            labelID = id
        } else {
            labelID = nil
        }
        var best: [(createdAt: Int64, id: SampleID, slot: Int32)] = []
        var total = 0
        var before = 0
        func newer(_ a: (createdAt: Int64, id: SampleID, slot: Int32), _ b: (createdAt: Int64, id: SampleID, slot: Int32)) -> Bool {
            a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id
        }
        func consider(_ slot: Int32) {
            let r = table.rows[Int(slot)]
            if let t = filter.labelType, r.labelType != t { return }
            if let labelID, r.labelID != labelID { return }
            if let only, !only.contains(r.id) { return }
            total += 1
            if let cursor {
                // Only rows after the cursor in the listing's order.
                if r.createdAt > cursor.createdAt || (r.createdAt == cursor.createdAt && !(cursor.id < r.id)) {
                    before += 1
                    return
                }
            }
            let candidate = (createdAt: r.createdAt, id: r.id, slot: slot)
            if best.count == limit {
                guard let last = best.last, newer(candidate, last) else { return }
                best.removeLast()
            }
            let at = best.firstIndex { newer(candidate, $0) } ?? best.count
            best.insert(candidate, at: at)
        }
        if filter.statuses.isEmpty {
            for (i, row) in table.rows.enumerated() where row.live { consider(Int32(i)) }
        } else {
            for status in Set(filter.statuses) {
                for slot in statuses.slots(status) { consider(slot) }
            }
        }
        let rows = try best.map { try table.readRow(at: $0.slot) }
        let hasMore = total > before + rows.count
        let next = hasMore ? best.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id) } : nil
        return Page(rows: rows, total: total, next: next)
    }

    /// The labels in use for `type`, most used first (the desk's relabel choices).
    public func labels(of type: LabelType) -> [String] {
        labelsQuery(type).rows.compactMap { row in
            if case .text(let label) = row[0] { return label }
            return nil
        }
    }
}
