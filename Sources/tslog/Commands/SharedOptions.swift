import EventLog
import Projections

/// Option specs shared by several commands, so their names and help read the same everywhere.
enum SharedOptions {
    static let asOfSeq = OptionSpec.option(
        "--as-of-seq", "N", .integer(minimum: 0),
        help: "Answer from the events with seq at most N only.")
    static let asOf = OptionSpec.option(
        "--as-of", "TIME", .timestamp,
        help: "Answer from the events recorded at or before TIME (RFC 3339).")
    static let noCheckpoint = OptionSpec.flag(
        "--no-checkpoint", help: "Ignore checkpoints; fold the whole log.")
    static let limit = OptionSpec.option(
        "--limit", "N", .integer(minimum: 0),
        help: "Print at most N rows.")

    /// `--format` limited to `formats`, defaulting to `table`.
    static func format(_ formats: [OutputFormat]) -> OptionSpec {
        .option("--format", nil, .choice(formats.map(\.rawValue)), help: "Output format.", default: "table")
    }

    /// `--as-of-seq` and `--as-of` as one value; call `checkAsOf` in `validate()`.
    static func asOf(seq: Int?, time: Timestamp?) -> LogPosition {
        if let seq { return .seq(UInt64(seq)) }
        if let time { return .time(time) }
        return .end
    }

    /// Throws the usage error for giving both `--as-of-seq` and `--as-of`.
    static func checkAsOf(seq: Int?, time: Timestamp?) throws(CLIFailure) {
        if seq != nil, time != nil {
            throw .usage("options '--as-of-seq' and '--as-of' cannot be used together")
        }
    }
}
