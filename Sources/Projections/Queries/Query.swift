import SampleDomain

/// The questions the app's guide asks of `training_samples`, by their `tslog query` name.
///
/// The one list of queries: the CLI's argument, its help and completion, and the tests take
/// names, abstracts and options from here.
public enum QueryName: String, CaseIterable, Sendable {
    case labelTypes = "label-types"
    case labels, failed, daily, samples, accepted, scans, balance, overall, problems

    /// What the query returns, in one line of help.
    public var abstract: String {
        switch self {
        case .labelTypes: "Samples per label type, most first."
        case .labels: "Samples per label and label type, most first; --label-type: one."
        case .failed: "The newest samples with Nyckel status error (20 unless --limit)."
        case .daily: "Samples and distinct labels per UTC day, newest day first."
        case .samples: "The samples with one label (--label is required), newest first."
        case .accepted: "Accepted samples by label, then time: the export for retraining."
        case .scans: "Samples cut from a scan (source_scan_id set), newest first."
        case .balance: "Labels of one type with fewer than --below samples."
        case .overall: "Totals, distinct labels, accepted, failed and the success rate."
        case .problems: "Samples whose Nyckel status is error or rejected, newest first."
        }
    }

    /// The options of `QueryOptions` this query reads besides `limit` (which every query takes).
    public var options: [QueryOption] {
        switch self {
        case .labels: [.labelType]
        case .samples: [.label, .labelType]
        case .daily: [.days]
        case .balance: [.labelType, .below]
        case .labelTypes, .failed, .accepted, .scans, .overall, .problems: []
        }
    }
}

/// An option only some queries read, by its command-line name.
public enum QueryOption: String, CaseIterable, Sendable {
    case labelType = "--label-type"
    case label = "--label"
    case days = "--days"
    case below = "--below"
}

/// The knobs of the queries; each query reads only the ones it takes.
public struct QueryOptions: Sendable {
    /// `labels`, `samples`: filter on label_type when set. `balance`: the type to check (grade when nil).
    public var labelType: LabelType?
    /// `samples`: the label to list (required).
    public var label: String?
    /// `failed`: SQL `LIMIT`; must not be negative.
    public var limit: Int = 20
    /// `daily`: how many of the most recent dates with samples (`LIMIT`); must not be negative.
    public var days: Int = 30
    /// `balance`: `HAVING COUNT(*) < below`.
    public var below: Int = 10

    public init() {}
}

/// Why a query could not run: a missing or out-of-range option.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query needs an option that was not given.
    case missingOption(query: QueryName, option: String)
    /// A `LIMIT`-like option was negative (PostgreSQL refuses `LIMIT -1` too).
    case negativeLimit(query: QueryName, option: String, value: Int)

    public var description: String {
        switch self {
        case .missingOption(let query, let option):
            "query '\(query.rawValue)' needs \(option)"
        case .negativeLimit(let query, let option, let value):
            "query '\(query.rawValue)': \(option) must be 0 or more, got \(value)"
        }
    }
}
