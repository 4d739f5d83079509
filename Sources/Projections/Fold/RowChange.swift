import SampleDomain

/// What the aggregate projections need to know about one live row: where it is stored and the
/// columns they group by.
struct RowFacts: Equatable, Sendable {
    /// The row's slot in `SampleTable`; stable for the row's life.
    var slot: Int32
    var labelID: Int32
    var labelType: LabelType
    var status: NyckelStatus
    /// `DATE(created_at)` in UTC, as `Timestamp.utcDay`.
    var day: Int64
}

/// One event's effect on the table: the row's facts before and after it.
///
/// `before == nil` is an insert, `after == nil` a delete, both present an update. An aggregate
/// projection takes away what `before` contributed and adds what `after` contributes, so it stays
/// a function of the live rows whatever order events come in.
struct RowChange: Sendable {
    var before: RowFacts?
    var after: RowFacts?
}

/// A projection kept in step with the table by folding its row changes.
///
/// - Complexity: `apply` must be O(1) amortised: it runs once per event.
protocol RowProjection: Sendable {
    mutating func apply(_ change: RowChange)
}

extension LabelType {
    /// Dense index in declaration order, for counter arrays.
    var ordinal: Int {
        switch self {
        case .defect: 0
        case .region: 1
        case .grade: 2
        }
    }
}

extension NyckelStatus {
    /// Dense index in declaration order, for counter arrays.
    var ordinal: Int {
        switch self {
        case .submitted: 0
        case .accepted: 1
        case .rejected: 2
        case .error: 3
        }
    }
}
