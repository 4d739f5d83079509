import SampleDomain

/// The questions the app's guide asks of `training_samples`, by their `tslog query` name.
public enum QueryName: String, CaseIterable, Sendable {
    case labelTypes = "label-types"
    case labels, failed, daily, samples, accepted, scans, balance, overall, problems
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
