import Foundation
import EventLog
import Projections
import SampleDomain

/// `tslog import FILE`: appends the events that take the log to a training_samples export's state.
struct ImportCommand: Command {
    static let name = "import"
    static let retry: String? = "import the file again; nothing of it was imported (it is appended in one write)"
    static let abstract = "Append the events that bring the log to the rows of a training_samples export."
    static let usage = ["tslog import FILE [--format csv|json] [--deletions] [--taken-at TIME] [--dry-run]"]
    static let arguments = [
        ArgumentSpec(name: "FILE", kind: .string, help: "The export to read ('-' is standard input)."),
    ]
    static let options: [OptionSpec] = [
        .option("--format", nil, .choice(ImportFormat.allCases.map(\.rawValue)),
                help: "The file's format.", defaultDescription: "json when FILE ends in .json or .jsonl, else csv"),
        .flag("--deletions", help: "Delete the samples the log holds that the file does not."),
        .option("--taken-at", "TIME", .timestamp,
                help: "When the snapshot was taken: the occurred_at of the changes it cannot date (all but new rows, which occur at their created_at). Default: now."),
        .flag("--dry-run", help: "Print the events as append input lines instead of appending them."),
        .flag("--raw-cells", help: "csv: keep a leading ' (do not undo tslog export's formula guard)."),
    ]
    static let discussion = """
        Reads a training_samples export: Supabase's CSV or select('*') JSON, or tslog
        export --format csv|json|jsonl. Columns are matched by name in any order;
        extra columns are ignored. New rows become sample.submitted (keeping id and
        created_at) and their Nyckel status; changed labels become sample.relabeled;
        changed Nyckel ids and statuses become nyckel.responded or nyckel.resubmitted.
        Rows the log holds but the file lacks are deleted only with --deletions, so a
        partial export never deletes data. Importing the same file again appends
        nothing.

        Changed metadata (image_url, image_path, source_scan_id, region_name,
        crop_data, the sizes, a Nyckel id going back to NULL) becomes one
        sample.updated per row. A created_at other than the log's is refused: it is
        when the sample was submitted.

        Every bad row is reported with its line and column, and nothing is appended.
        --dry-run only reads the log: it writes nothing, not even the log directory.

        """

    var file: String
    var format: ImportFormat
    var deletions: Bool
    var takenAt: Timestamp?
    var dryRun: Bool
    var rawCells: Bool

    init(_ arguments: ParsedArguments) throws {
        guard let file = arguments.string("FILE") else { throw CLIFailure.usage("missing argument FILE") }
        self.file = file
        let lower = file.lowercased()
        format = arguments.choice("--format") ?? (lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") ? .json : .csv)
        deletions = arguments.flag("--deletions")
        takenAt = arguments.timestamp("--taken-at")
        dryRun = arguments.flag("--dry-run")
        rawCells = arguments.flag("--raw-cells")
    }

    func validate() throws {
        if rawCells, format != .csv { throw CLIFailure.usage("option '--raw-cells' applies to --format csv only") }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        var (rows, refusals) = try readRows(context)
        let rowCount = rows.count
        let total = rowCount + refusals.count
        // A dry run, or a file with bad rows (refused whatever the log holds), only reads the
        // log: no writer lock, no recovery, no derived file, no directory made. The good rows
        // are still planned, so that every refusal is listed at once.
        let store = dryRun || !refusals.isEmpty ? nil : try SampleStore(directory: context.logDirectory)
        if let store { LogAccess.warnAboutIgnoredFiles(store.writer.ignoredFiles, context) }
        defer { try? store?.close() }
        let (plan, liveIDs, now) = try planned(rows, store: store, context)
        rows = []  // planned: from here on only the plan's lines are needed
        refusals += plan.refusals
        // The lines are validated exactly as `tslog append` would; a refusal names the file line.
        // With nothing refused yet, the store's all-or-nothing append is that validation (it
        // refuses exactly what `check` finds, and then appends nothing): the lines are
        // validated once, not checked and then validated again by the append.
        let checked: [InputError]
        var appended: AppendSummary?
        if let store, refusals.isEmpty {
            let result = try store.append(lines: plan.lines, skipInvalid: false, now: now)
            checked = result.refusals
            appended = result
        } else if let store {
            checked = try store.check(lines: plan.lines, now: now)
        } else {
            var registry = SampleRegistry()
            for id in liveIDs { registry.apply(.sampleSubmitted, to: id) }
            checked = BatchValidation.validate(lines: plan.lines, registry: registry, defaultTime: now) { _ in false }.errors
        }
        for error in checked {
            refusals.append(ImportError(line: plan.fileLines[error.line - 1], column: error.field, message: error.message))
        }
        if !refusals.isEmpty { return try refuse(refusals, of: total, context) }
        var summary = "\(rowCount) row\(rowCount == 1 ? "" : "s") read: \(plan.added) new, \(plan.changed) changed, \(plan.unchanged) unchanged"
        if !plan.missing.isEmpty {
            summary += deletions ? ", \(plan.missing.count) deleted" : "; \(plan.missing.count) in the log but not in the file (kept; --deletions deletes them)"
        }
        guard let result = appended else {
            let newline: [UInt8] = [0x0A]
            for line in plan.lines {
                try context.stdout.write(bytes: line.bytes)
                try context.stdout.write(bytes: newline)
            }
            context.note("dry run: would append \(plan.count) event\(plan.count == 1 ? "" : "s"); \(summary)")
            return ExitCode.success
        }
        var text = "appended \(result.appended) event\(result.appended == 1 ? "" : "s")"
        if let range = result.range {
            text += range.count == 1 ? " (seq \(range.lowerBound))" : " (seq \(range.lowerBound)-\(range.upperBound))"
        }
        try context.stdout.writeLine("\(text); \(summary)")
        return ExitCode.success
    }

    /// The file's good rows and every bad row's refusal. The file's bytes are gone when this
    /// returns (a 1 M-row export is ~360 MB): only the rows are kept.
    private func readRows(_ context: CommandContext) throws -> (rows: [ImportedRow], refusals: [ImportError]) {
        let bytes = try readAll(context)
        do { return try ImportReader.readAll(bytes, format: format, rawCells: rawCells) } catch {
            throw CLIFailure.runtime("nothing appended: \(error)")
        }
    }

    /// The log's state folded (through the store's last record when appending), then the plan
    /// that takes it to `rows`, its events kept as input lines only, the ids the log holds, and
    /// the time taken once the fold is done (the append time, and the changes' time without
    /// `--taken-at`). The fold's projections are gone when this returns.
    private func planned(_ rows: [ImportedRow], store: SampleStore?,
                         _ context: CommandContext) throws -> (ImportPlan, liveIDs: [SampleID], now: Timestamp) {
        let reader: LogReader?
        if store != nil {
            reader = try LogReader(directory: context.logDirectory)
        } else {
            reader = FileManager.default.fileExists(atPath: context.logDirectory) ? try LogAccess.reader(context) : nil
        }
        let lastSeq = store?.writer.lastSeq ?? reader?.lastSeq ?? 0
        let projections = try reader.map {
            try ExportCommand.fold($0, through: lastSeq, progress: Progress(context, label: "import", total: Int(lastSeq))).0
        } ?? ProjectionSet()
        let liveIDs = projections.exportRows().map(\.id)
        let now = Timestamp.now()
        if let takenAt, takenAt > now {
            throw CLIFailure.usage("invalid value for '--taken-at': \(takenAt.rfc3339()) is in the future")
        }
        let plan = ImportPlan.planning(rows: rows, current: { projections.row($0)?.tableRowState },
                                       liveIDs: liveIDs, deletions: deletions, now: takenAt ?? now, output: .lines)
        return (plan, liveIDs, now)
    }

    /// Fails naming every refused row: one as `nothing appended: line N: …`; several each on
    /// its own line of standard error, in file order, then how many of the rows were refused.
    private func refuse(_ refusals: [ImportError], of total: Int, _ context: CommandContext) throws -> Int32 {
        var seen = Set<String>()
        let sorted = refusals.sorted { $0.line < $1.line }.filter { seen.insert($0.description).inserted }
        if sorted.count == 1 { throw CLIFailure.runtime("nothing appended: \(sorted[0])") }
        for error in sorted { context.note(error.description) }
        let rowsRefused = Set(sorted.map(\.line)).count
        throw CLIFailure.runtime("nothing appended: \(rowsRefused) of \(total) row\(total == 1 ? "" : "s") refused")
    }

    /// The whole input file (or standard input) as bytes, exactly as stored (a CSV field may
    /// hold blank lines and CRs, which a line reader would drop).
    private func readAll(_ context: CommandContext) throws -> [UInt8] {
        var fd: FileDescriptor
        if file == "-" {
            switch context.io.stdin {
            case .bytes(let bytes): return bytes
            case .fileDescriptor(let descriptor): fd = FileDescriptor(rawValue: descriptor)
            }
            if context.io.stdin.isTerminal { context.note("reading rows from the terminal, then Ctrl-D to import them") }
        } else {
            do { fd = try FileDescriptor.openForReading(file) } catch {
                throw CLIFailure.runtime("cannot open '\(file)': \(error.errno.message)")
            }
        }
        defer { if file != "-" { try? fd.close() } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n: Int
            do { n = try chunk.withUnsafeMutableBytes { raw in try fd.read(into: raw) } } catch {
                throw CLIFailure.runtime("cannot read '\(file)': \(SystemCallError(error).errno.message)")
            }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }
}
