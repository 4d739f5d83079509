import EventLog
import Projections

/// Option specs shared by several commands, so their names and help read the same everywhere.
enum SharedOptions {
    static let asOfSeq = OptionSpec.option(
        "--as-of-seq", "N", .integer(minimum: 0),
        help: "Answer from the events with seq at most N only.")
    static let asOf = OptionSpec.option(
        "--as-of", "TIME", .timestamp,
        help: "Answer from the events recorded at or before TIME: RFC 3339, PostgreSQL's form or a date (its 00:00 UTC).")
    static let asOfTag = OptionSpec.option(
        "--as-of-tag", "NAME",
        help: "Answer as of the point tag NAME names (see tslog tags).")
    static let validAt = OptionSpec.option(
        "--valid-at", "TIME", .timestamp,
        help: "Answer with the table as it stood at TIME by the events' occurred_at (valid time), as the log knows it now, or at the --as-of… point.")
    static let noCheckpoint = OptionSpec.flag(
        "--no-checkpoint", help: "Ignore checkpoints; fold the whole log.")
    static let limit = OptionSpec.option(
        "--limit", "N", .integer(minimum: 0),
        help: "Print at most N rows.")

    /// `--format` limited to `formats`, defaulting to `table`.
    static func format(_ formats: [OutputFormat]) -> OptionSpec {
        .option("--format", nil, .choice(formats.map(\.rawValue)), help: "Output format.", default: "table")
    }

    /// `--as-of-seq`, `--as-of` and `--as-of-tag` as one value; call `checkAsOf` in `validate()`.
    static func asOf(seq: Int?, time: Timestamp?, tag: String? = nil) -> LogPosition {
        if let seq { return .seq(UInt64(seq)) }
        if let time { return .time(time) }
        if let tag { return .tag(tag) }
        return .end
    }

    /// Throws the usage error for giving more than one of `--as-of-seq`, `--as-of` and `--as-of-tag`.
    static func checkAsOf(seq: Int?, time: Timestamp?, tag: String? = nil) throws(CLIFailure) {
        let given = [("--as-of-seq", seq != nil), ("--as-of", time != nil), ("--as-of-tag", tag != nil)].filter(\.1).map(\.0)
        if given.count > 1 {
            throw .usage("options \(given.map { "'\($0)'" }.joined(separator: " and ")) cannot be used together")
        }
    }
}
