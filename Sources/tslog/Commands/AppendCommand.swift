import Foundation
import EventLog
import SampleDomain
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

        A line may carry `"expect_last_seq": N`: the last event about its sample must
        be seq N (0: none yet), else nothing is appended (even with --skip-invalid)
        and each failed line is named with the seq found. Earlier lines of the batch
        count. It is not stored.

        The batch is read twice, checked then written, never held whole: memory
        follows its samples and event ids, not its bytes. Standard input from a
        pipe is first copied to a temporary file in $TMPDIR (else /tmp).

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
        if file == nil || file == "-", context.io.stdin.isTerminal {
            context.note("reading events from the terminal: one JSON object per line, then Ctrl-D to append them (or give --file F)")
        }
        // Read twice (checked, then written), never held: memory follows the batch's samples
        // and event ids, not its bytes (`SampleStore.append(passes:)`).
        let input = try RereadableInput(file: file, context)
        // A log that does not exist yet is made only for a batch it will take: the batch is checked
        // against the empty log first, so a refused one, or one whose every line --skip-invalid
        // skips, leaves no directory.
        if !FileManager.default.fileExists(atPath: context.logDirectory) {
            var check = BatchValidator(registry: SampleRegistry(), defaultTime: .now())
            let unreadable = try SampleStore.validate(input.pass(), with: &check) { _ in false }
            let outcome = check.outcome
            let refused = unreadable + outcome.errors
            if !skipInvalid, !refused.isEmpty {
                // As the store's own check reports it: with unreadable lines, a failed precondition is one more refusal.
                let conflicts = unreadable.isEmpty ? [] : outcome.conflicts.map {
                    InputError(line: $0.line, field: "expect_last_seq", message: $0.message)
                }
                return try refuse(refused + conflicts, of: input.lineCount, context)
            }
            if !outcome.conflicts.isEmpty { try failConflicts(outcome.conflicts, context) }
            if check.acceptedCount == 0, !refused.isEmpty {
                return try report(appended: nil, duplicates: check.duplicateCount, skipped: refused, context)
            }
        }
        let store = try SampleStore(directory: context.logDirectory, options: LogOptions(durable: !noSync))
        LogAccess.warnAboutIgnoredFiles(store.writer.ignoredFiles, context)
        defer { try? store.close() }
        if store.writer.recovery.truncatedBytes > 0, let segment = store.writer.recovery.segment {
            context.note("recovered: cut a torn tail of \(store.writer.recovery.truncatedBytes) bytes from the end of \(segment)")
        }
        let summary = try store.append(passes: input.pass, skipInvalid: skipInvalid, now: .now())
        // With unreadable lines a failed precondition is one more refusal, not a conflict.
        if input.unreadableCount > 0 && !skipInvalid { return try refuse(summary.refusals, of: input.lineCount, context) }
        if !summary.conflicts.isEmpty { try failConflicts(summary.conflicts, context) }
        if summary.range == nil && !summary.refused.isEmpty && !skipInvalid {
            return try refuse(summary.refused, of: input.lineCount, context)
        }
        return try report(appended: summary.range, duplicates: summary.duplicates, skipped: summary.refused, context)
    }

    /// Names each skipped line on stderr and prints what was appended.
    private func report(appended range: ClosedRange<UInt64>?, duplicates: Int, skipped: [InputError],
                        _ context: CommandContext) throws -> Int32 {
        let skipped = skipped.sorted { $0.line < $1.line }
        for error in skipped { context.note("skipped \(error)") }
        let appended = range.map { Int($0.upperBound - $0.lowerBound + 1) } ?? 0
        var text = "appended \(appended) event\(appended == 1 ? "" : "s")"
        if let range {
            text += range.count == 1 ? " (seq \(range.lowerBound))" : " (seq \(range.lowerBound)-\(range.upperBound))"
        }
        text += ", \(duplicates) duplicate\(duplicates == 1 ? "" : "s") skipped"
        if !skipped.isEmpty { text += ", \(skipped.count) invalid line\(skipped.count == 1 ? "" : "s") skipped" }
        try context.stdout.writeLine(text)
        return ExitCode.success
    }

    /// Names each failed precondition on stderr and fails: such a batch appends nothing, whatever
    /// --skip-invalid says.
    private func failConflicts(_ conflicts: [PreconditionFailure], _ context: CommandContext) throws -> Never {
        for conflict in conflicts { context.note("conflict: \(conflict)") }
        let n = conflicts.count
        throw CLIFailure.runtime("nothing appended: \(n) precondition\(n == 1 ? "" : "s") (expect_last_seq) failed; the samples changed since they were read")
    }

    /// Lists every refused line on stderr and fails: an all-or-nothing batch appended nothing.
    private func refuse(_ errors: [InputError], of total: Int, _ context: CommandContext) throws -> Int32 {
        for error in errors.sorted(by: { $0.line < $1.line }) { context.note(String(describing: error)) }
        throw CLIFailure.runtime("nothing appended: \(errors.count) of \(total) line\(total == 1 ? "" : "s") refused (use --skip-invalid to append the valid ones)")
    }
}
