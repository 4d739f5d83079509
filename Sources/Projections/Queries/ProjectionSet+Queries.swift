import EventLog
import SampleDomain

extension ProjectionSet {
    /// Answers one of the guide's queries, exactly as PostgreSQL would over the same rows
    /// (`COLLATE "C"` text order, byte-wise uuid order, ties broken as each query documents).
    ///
    /// - Throws: `QueryError` when `samples` has no `label`, or a `LIMIT`-like option is negative.
    /// - Complexity: counter queries are O(groups log groups); row queries sort only the rows they
    ///   return (`samples` and `scans` scan the table to find them).
    public func query(_ name: QueryName, _ options: QueryOptions) throws -> ResultTable {
        switch name {
        case .labelTypes: return labelTypesQuery()
        case .labels: return labelsQuery(options.labelType)
        case .failed:
            guard options.limit >= 0 else { throw QueryError.negativeLimit(query: name, option: "--limit", value: options.limit) }
            return try rowListing(statuses.slots(.error), limit: options.limit)
        case .daily:
            guard options.days >= 0 else { throw QueryError.negativeLimit(query: name, option: "--days", value: options.days) }
            return dailyQuery(options.days)
        case .samples:
            guard let label = options.label else { throw QueryError.missingOption(query: name, option: "--label") }
            return try samplesQuery(label, options.labelType)
        case .accepted: return try acceptedQuery()
        case .scans: return try scansQuery()
        case .balance: return balanceQuery(options.labelType ?? .grade, below: options.below)
        case .overall: return overallQuery()
        case .problems:
            return try rowListing(statuses.slots(.error) + statuses.slots(.rejected), limit: Int.max)
        }
    }

    /// `SELECT label_type, COUNT(*) sample_count … GROUP BY label_type ORDER BY sample_count DESC, label_type`.
    func labelTypesQuery() -> ResultTable {
        let groups = LabelType.allCases
            .map { ($0, labelCounts.count(type: $0)) }
            .filter { $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return ResultTable(columns: ["label_type", "sample_count"],
                           rows: groups.map { [.text($0.0.rawValue), .int(Int64($0.1))] })
    }

    /// `SELECT label, label_type, COUNT(*) count [WHERE label_type = T] GROUP BY label, label_type
    /// ORDER BY count DESC, label, label_type`.
    func labelsQuery(_ only: LabelType?) -> ResultTable {
        let types = only.map { [$0] } ?? LabelType.allCases
        var groups: [(label: String, type: LabelType, count: Int)] = []
        for id in labelCounts.labelIDs {
            for type in types {
                let n = labelCounts.count(label: id, type: type)
                if n > 0 { groups.append((table.labels[id], type, n)) }
            }
        }
        groups.sort {
            if $0.count != $1.count { return $0.count > $1.count }
            if !$0.label.utf8.elementsEqual($1.label.utf8) { return $0.label.bytewiseLess($1.label) }
            return $0.type < $1.type
        }
        return ResultTable(columns: ["label", "label_type", "count"],
                           rows: groups.map { [.text($0.label), .text($0.type.rawValue), .int(Int64($0.count))] })
    }

    /// `SELECT DATE(created_at) training_date, COUNT(*) samples_submitted, COUNT(DISTINCT label)
    /// unique_labels GROUP BY 1 ORDER BY training_date DESC LIMIT days`.
    func dailyQuery(_ limit: Int) -> ResultTable {
        let days = daily.days.map { (day: $0.key, tally: $0.value) }.firstSorted(limit) { $0.day > $1.day }
        return ResultTable(
            columns: ["training_date", "samples_submitted", "unique_labels"],
            rows: days.map { [.date($0.day), .int(Int64($0.tally.samples)), .int(Int64($0.tally.distinctLabels))] })
    }

    /// `SELECT label, COUNT(*) count WHERE label_type = T GROUP BY label HAVING COUNT(*) < below
    /// ORDER BY count, label`.
    func balanceQuery(_ type: LabelType, below: Int) -> ResultTable {
        var groups: [(label: String, count: Int)] = []
        for id in labelCounts.labelIDs {
            let n = labelCounts.count(label: id, type: type)
            if n > 0, n < below { groups.append((table.labels[id], n)) }
        }
        groups.sort { $0.count != $1.count ? $0.count < $1.count : $0.label.bytewiseLess($1.label) }
        return ResultTable(columns: ["label", "count"], rows: groups.map { [.text($0.label), .int(Int64($0.count))] })
    }

    /// The guide's "Overall stats": one row, `success_rate` NULL when there are no samples.
    func overallQuery() -> ResultTable {
        let total = labelCounts.total
        let accepted = statuses.count(.accepted)
        let rate = percentRounded(accepted, of: total).map(Cell.decimal) ?? .null
        return ResultTable(
            columns: ["total_samples", "unique_labels", "successful", "failed", "success_rate"],
            rows: [[.int(Int64(total)), .int(Int64(labelCounts.distinctLabels)), .int(Int64(accepted)),
                    .int(Int64(statuses.count(.error))), rate]],
            singleObject: true)
    }
}
