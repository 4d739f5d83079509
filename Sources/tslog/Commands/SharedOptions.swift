import EventLog

/// How a command prints its result.
enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for people.
    case table
    /// One JSON object per line, keys in a fixed order: a machine format, frozen.
    case json
    /// RFC 4180 CSV with a header row.
    case csv
}

/// The point in the log a projection is built up to.
enum AsOf: Equatable, Sendable {
    /// Every event in the log.
    case latest
    /// Events with seq at most this (0: none).
    case seq(Int)
    /// Events recorded at or before this time (`recorded_at`, which never decreases in the log).
    case time(Timestamp)
}

/// Option specs shared by several commands, so their names and help read the same everywhere.
enum SharedOptions {
    static let asOfSeq = OptionSpec.option(
        "--as-of-seq", "N", .integer(minimum: 0),
        help: "Answer from the events with seq at most N only.")
    static let asOf = OptionSpec.option(
        "--as-of", "TIME", .timestamp,
        help: "Answer from the events recorded at or before TIME (RFC 3339).")
    static let limit = OptionSpec.option(
        "--limit", "N", .integer(minimum: 0),
        help: "Print at most N rows.")

    /// `--format` limited to `formats`, defaulting to `table`.
    static func format(_ formats: [OutputFormat]) -> OptionSpec {
        .option("--format", nil, .choice(formats.map(\.rawValue)), help: "Output format.", default: "table")
    }

    /// `--as-of-seq` and `--as-of` as one value; call `checkAsOf` in `validate()`.
    static func asOf(seq: Int?, time: Timestamp?) -> AsOf {
        if let seq { return .seq(seq) }
        if let time { return .time(time) }
        return .latest
    }

    /// Throws the usage error for giving both `--as-of-seq` and `--as-of`.
    static func checkAsOf(seq: Int?, time: Timestamp?) throws(CLIFailure) {
        if seq != nil, time != nil {
            throw .usage("options '--as-of-seq' and '--as-of' cannot be used together")
        }
    }
}
