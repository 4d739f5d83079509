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
        var lines: [(number: Int, bytes: [UInt8])] = []
        var unreadable: [InputError] = []
        try context.withInputLines(file: file) { reader in
            while let line = try reader.next() {
                switch line.content {
                case .text(var bytes):
                    // A UTF-8 byte order mark (files saved by some Windows editors) is not part of the JSON.
                    if lines.isEmpty, unreadable.isEmpty, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                    lines.append((line.number, bytes))
                case .oversize(let seen):
                    unreadable.append(InputError(line: line.number, field: nil,
                        message: "line is longer than \(LineReader.defaultMaxLineLength) bytes (\(seen) bytes read before giving up)"))
                }
            }
        }
        // A log that does not exist yet is made only for a batch it will take: an all-or-nothing
        // batch is checked against the empty log first, so a refused one leaves no directory.
        if !skipInvalid, !FileManager.default.fileExists(atPath: context.logDirectory) {
            let outcome = BatchValidation.validate(lines: lines, registry: SampleRegistry(), defaultTime: .now()) { _ in false }
            if !unreadable.isEmpty || !outcome.errors.isEmpty {
                return try refuse(unreadable + outcome.errors, of: lines.count + unreadable.count, context)
            }
        }
        let store = try SampleStore(directory: context.logDirectory, options: LogOptions(durable: !noSync))
        LogAccess.warnAboutIgnoredFiles(store.writer.ignoredFiles, context)
        defer { try? store.close() }
        if store.writer.recovery.truncatedBytes > 0, let segment = store.writer.recovery.segment {
            context.note("recovered: cut a torn tail of \(store.writer.recovery.truncatedBytes) bytes from the end of \(segment)")
        }
        if !unreadable.isEmpty && !skipInvalid {
            return try refuse(unreadable + (try store.check(lines: lines, now: .now())), of: lines.count + unreadable.count, context)
        }
        let summary = try store.append(lines: lines, skipInvalid: skipInvalid, now: .now())
        if !summary.conflicts.isEmpty {
            for conflict in summary.conflicts { context.note("conflict: \(conflict)") }
            let n = summary.conflicts.count
            throw CLIFailure.runtime("nothing appended: \(n) precondition\(n == 1 ? "" : "s") (expect_last_seq) failed; the samples changed since they were read")
        }
        let refused = (unreadable + summary.refused).sorted { $0.line < $1.line }
        if summary.range == nil && !refused.isEmpty && !skipInvalid {
            return try refuse(refused, of: lines.count + unreadable.count, context)
        }
        for error in refused { context.note("skipped \(error)") }
        var text = "appended \(summary.appended) event\(summary.appended == 1 ? "" : "s")"
        if let range = summary.range {
            text += range.count == 1 ? " (seq \(range.lowerBound))" : " (seq \(range.lowerBound)-\(range.upperBound))"
        }
        text += ", \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s") skipped"
        if !refused.isEmpty { text += ", \(refused.count) invalid line\(refused.count == 1 ? "" : "s") skipped" }
        try context.stdout.writeLine(text)
        return ExitCode.success
    }

    /// Lists every refused line on stderr and fails: an all-or-nothing batch appended nothing.
    private func refuse(_ errors: [InputError], of total: Int, _ context: CommandContext) throws -> Int32 {
        for error in errors.sorted(by: { $0.line < $1.line }) { context.note(String(describing: error)) }
        throw CLIFailure.runtime("nothing appended: \(errors.count) of \(total) line\(total == 1 ? "" : "s") refused (use --skip-invalid to append the valid ones)")
    }
}
