import SampleDomain

/// A refusal of an import file: names the line a row starts on and, when one is to blame, the
/// column, e.g. `line 4: column 'label_type': expected defect, region or grade, got 'color'`.
///
/// The wording is for people and may change; `line` and `column` are for programs.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line of the file where the row (or the problem) starts.
    public let line: Int
    /// The column at fault, as the file names it (`label`, `crop_data.x`); nil for the row as a whole.
    public let column: String?
    public let message: String

    public init(line: Int, column: String?, message: String) {
        self.line = line; self.column = column; self.message = message
    }

    /// The column is shown as values are (`quoted`): a header cell or JSON key is the file's text.
    public var description: String {
        if let column { return "line \(line): column \(quoted(column)): \(message)" }
        return "line \(line): \(message)"
    }
}
