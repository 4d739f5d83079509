/// `tslog append`: validates JSON-lines events and appends them to the log.
struct AppendCommand: Command {
    static let name = "append"
    static let abstract = "Append events, one JSON object per line, to the log."
    static let usage = ["tslog append [--file F] [--skip-invalid] [--no-sync]"]
    static let options: [OptionSpec] = [
        .option("--file", "F", help: "Read events from file F instead of standard input ('-' is standard input)."),
        .flag("--skip-invalid", help: "Append the valid lines and report the invalid ones, instead of appending nothing when a line is invalid."),
        .flag("--no-sync", help: "Do not fsync after appending: faster, but the events may be lost in a crash."),
    ]
    static let discussion = """
        Input is one JSON object per line: `type`, `sample_id`, optional `occurred_at`
        and `event_id`, and the fields of the event type. Blank lines are ignored but
        counted, so error messages name the line as an editor numbers it. Lines are
        checked in order, each against the samples as the lines before it left them.

        By default the batch is all or nothing: the first invalid line is reported and
        nothing is appended. An event whose `event_id` is already in the log is skipped
        as a duplicate, not appended twice. On success the assigned seq range and the
        number of duplicates skipped are printed.

        """

    /// The input file; nil means standard input.
    var file: String?
    var skipInvalid: Bool
    var noSync: Bool

    init(_ arguments: ParsedArguments) {
        file = arguments.string("--file")
        skipInvalid = arguments.flag("--skip-invalid")
        noSync = arguments.flag("--no-sync")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        throw CLIFailure.notImplemented(Self.name)
    }
}
