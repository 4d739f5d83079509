import EventLog
import SampleDomain

/// One value of a query result, typed so that each output format can write it its own way.
public enum Cell: Equatable, Sendable {
    case null
    case text(String)
    case int(Int64)
    case timestamp(Timestamp)
    /// A date, as days since 1970-01-01 (`Timestamp.utcDay`).
    case date(Int64)
    /// An exact decimal in its text form, e.g. `"66.67"`; written unquoted in JSON.
    case decimal(String)
    case crop(CropData)
}

/// A query's answer: named columns and rows of cells, in the query's order.
public struct ResultTable: Equatable, Sendable {
    public var columns: [String]
    public var rows: [[Cell]]
    /// True for a query that always answers exactly one row (`overall`): JSON writes that row as
    /// one object rather than an array.
    public var singleObject: Bool

    public init(columns: [String], rows: [[Cell]], singleObject: Bool = false) {
        self.columns = columns; self.rows = rows; self.singleObject = singleObject
    }
}

/// How `tslog` writes a result. `json` and `csv` are machine formats and must not drift; `table`
/// is for people and may change.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv
}
