/// One `tslog` command: its help text, what it accepts, and what it does.
///
/// A command is a value built from a parsed command line. `tslogMain` does, in order:
/// 1. find the type from the command words (`query`, `project stats`);
/// 2. if `--help`/`-h` appears (before `--`), print `HelpRenderer.command(Self.self)` and exit 0;
/// 3. parse the rest against `options` and `arguments` (plus the global `--log`): unknown
///    options, missing values, bad integers, enum values, times and sample ids are usage errors
///    before the command sees anything;
/// 4. `init(_:)` copies typed values out of `ParsedArguments` (cannot fail for declared names);
/// 5. `validate()` checks rules between options (e.g. `--as-of-seq` vs `--as-of`) and throws
///    `CLIFailure.usage` when they are broken;
/// 6. `run(_:)` does the work and returns the exit status (0, or 1 after printing a report such
///    as a failed verification). It throws `CLIFailure.runtime` (or any error) to fail with
///    `Error: <message>` and exit 1.
///
/// Usage errors thrown from `validate()` or `run(_:)` are printed with this command's first usage
/// line and a pointer to its help.
///
/// A body only does the work; the values are already typed fields of the command
/// (`TagsCommand`, in full):
///
///     func run(_ context: CommandContext) throws -> Int32 {
///         let source = CommandReadSource(context: context)     // the log, read-only
///         let (index, _) = try source.tags()                    // a projection of it
///         let rows: [[Cell]] = index.all.map { [.text($0.name.text), .int(Int64($0.seq))] }
///         let table = ResultTable(columns: ["name", "seq"], rows: rows)
///         try context.stdout.write(bytes: Array(table.render(format, width: nil).utf8))
///         return ExitCode.success                               // buffered; EPIPE stops quietly
///     }
///
/// Read input with `context.withInputLines(file:) { reader in … }`, print notes with
/// `context.note(_:)`, choose colour and width from `context.terminal`, and throw
/// `CLIFailure.runtime("line 3: …")` to fail.
protocol Command {
    /// The command words after `tslog`, e.g. `"query"` or `"project stats"`.
    static var name: String { get }
    /// One line, sentence case, ending with a period: shown in the command list and help.
    static var abstract: String { get }
    /// Free text shown at the end of the command's help, verbatim (wrap it yourself under 80
    /// columns). Empty for none.
    static var discussion: String { get }
    /// Synopsis lines, each starting with `tslog <name>`. The first is printed with usage errors.
    static var usage: [String] { get }
    /// The command's own options; `--log` and `--help` are added for every command.
    static var options: [OptionSpec] { get }
    /// The positional arguments, in order.
    static var arguments: [ArgumentSpec] { get }

    /// For a command that appends to the log: what the user runs again once a failed write's
    /// cause is remedied, with what is true of the log meanwhile ("import the file again; nothing
    /// of it was imported"). It replaces the writer's own "append again" in the advice
    /// `Errno.remedy(then:)` words ("free disk space and …"); nil keeps it.
    static var retry: String? { get }
    /// Copies the command's values out of an already checked command line.
    init(_ arguments: ParsedArguments) throws
    /// Checks rules that involve several options; throws `CLIFailure.usage`.
    func validate() throws
    /// Does the work; returns the exit status.
    func run(_ context: CommandContext) throws -> Int32
}

extension Command {
    static var discussion: String { "" }
    static var usage: [String] { ["tslog \(name) [options]"] }
    static var options: [OptionSpec] { [] }
    static var arguments: [ArgumentSpec] { [] }
    static var retry: String? { nil }
    func validate() throws {}

    /// The options accepted on this command's line: its own, then the global ones.
    static var allOptions: [OptionSpec] { options + GlobalOptions.all }
}

/// Options every command accepts.
enum GlobalOptions {
    /// `--log DIR`: where the log lives. Resolved by `logDirectory(_:environment:)`.
    static let log = OptionSpec.option(
        "--log", "DIR",
        help: "The log directory.",
        defaultDescription: "$TSLOG_DIR, else ./tslog-data")
    /// `-h, --help`: handled before parsing; declared so it shows in help and is a known name.
    static let help = OptionSpec.flag("--help", help: "Show help.")

    static var all: [OptionSpec] { [log, help] }

    /// The directory named by `--log`, else by a non-empty `TSLOG_DIR`, else `./tslog-data`.
    static func logDirectory(_ arguments: ParsedArguments, environment: [String: String]) -> String {
        if let given = arguments.string("--log") { return given }
        if let fromEnvironment = environment["TSLOG_DIR"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "./tslog-data"
    }
}
