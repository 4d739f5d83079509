import EventLog
import Projections
import SampleDomain

/// `tslog export`: the training_samples rows as of a point in the log, in a file format.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Export the samples as of a point in the log as CSV, JSON, SQL or a training layout."
    static let usage = ["tslog export [--format F] [--status S] [--label-type T] [--label L] [--as-of-seq N | --as-of TIME | --as-of-tag NAME] [--valid-at TIME] [--out FILE] [--labeling-config FILE]"]
    static let options: [OptionSpec] = [
        .option("--format", nil, .choice(ExportFormat.allCases.map(\.rawValue) + ["dataset"]), help: "File format.", default: "csv"),
        .option("--status", "S", .choice(NyckelStatus.allCases.map(\.rawValue)), help: "Only rows with this nyckel_status."),
        .option("--label-type", "T", .choice(LabelType.allCases.map(\.rawValue)), help: "Only rows with this label_type."),
        .option("--label", "L", help: "Only rows with this label (compared byte for byte)."),
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
        SharedOptions.validAt,
        .option("--out", "FILE", help: "Write to FILE atomically (and the position to FILE.position.json) instead of standard output; for dataset, the new or empty directory to fill."),
        .option("--split", "NAME=W,...", help: "dataset: split the samples by a seeded hash of their id, e.g. train=80,valid=10,test=10."),
        .flag("--skip-missing", help: "dataset: leave out samples without a stored image instead of failing."),
        .flag("--raw-cells", help: "csv: write cells starting with = + - @ as they are, not prefixed with '."),
        .option("--labeling-config", "FILE", help: "label-studio: also write the Label Studio labeling config for the tasks to FILE (needs --label-type: one project per label type)."),
        .option("--sql-form", nil, .choice(SQLForm.allCases.map(\.rawValue)), help: "sql: create (the table if missing, then INSERTs), rows (INSERTs only) or upsert (make an existing table equal to the export).", default: "create"),
        SharedOptions.noCheckpoint,  // export always folds the whole log: accepted for symmetry
    ]
    static let discussion = """
        Formats:
          csv           RFC 4180 with a header row: what Supabase's "Download as CSV"
                        gives, and what 'tslog import' reads back.
          json          One array of row objects, as select('*') returns.
          jsonl         One row object per line.
          sql           A PostgreSQL script, one transaction; --sql-form says what
                        it does: create (CREATE TABLE IF NOT EXISTS, indexes,
                        INSERTs), rows (INSERTs into an existing table) or upsert
                        (INSERT ... ON CONFLICT (id) DO UPDATE, and the rows the
                        export lacks deleted: the table ends equal to the export;
                        no filters). source_scan_id is a uuid column, as in the
                        app's table: a value that is not a uuid is refused, named.
          roboflow      The guide's Roboflow objects: image, label, metadata.
          label-studio  Label Studio tasks: the image and its label as an annotation.
                        --labeling-config FILE (with --label-type T) writes the
                        project's labeling config too: a Choice for every label
                        of type T among the exported rows.
          manifest      LABEL_DIR/ID.EXT<TAB>IMAGE_URL per sample, for a dataset folder.
          dataset       The stored images as [SPLIT/]LABEL_DIR/ID.EXT with a
                        metadata.csv, for Hugging Face imagefolder and Roboflow
                        (needs --out DIR and 'tslog images fetch' first).

        Rows are ordered by created_at, then id; columns are the table's. The same log
        position and filters always give the same bytes. The position exported (seq and
        recorded time) is printed on standard error, written as the first line of the
        sql script and, with --out, to FILE.position.json.

        In csv, text cells that start with = + - @ tab CR or ' get a ' in front so that
        spreadsheets do not run them as formulas; 'tslog import' removes it again.
        --raw-cells writes them unchanged.

        """

    var format: ExportFormat
    var filter: ExportFilter
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?
    var validAt: Timestamp?
    var out: String?
    var rawCells: Bool
    var sqlForm: SQLForm
    /// `--labeling-config FILE`: where the Label Studio labeling config goes.
    var labelingConfig: String?
    /// `--format dataset`: image files, not a byte stream (see `ExportCommand+Dataset`).
    var dataset: Bool
    var split: String?
    var skipMissing: Bool

    init(_ arguments: ParsedArguments) {
        format = arguments.choice("--format") ?? .csv
        dataset = arguments.string("--format") == "dataset"
        split = arguments.string("--split")
        skipMissing = arguments.flag("--skip-missing")
        filter = ExportFilter(status: arguments.choice("--status"), labelType: arguments.choice("--label-type"),
                              label: arguments.string("--label"))
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
        validAt = arguments.timestamp("--valid-at")
        out = arguments.string("--out")
        rawCells = arguments.flag("--raw-cells")
        sqlForm = arguments.choice("--sql-form") ?? .create
        labelingConfig = arguments.string("--labeling-config")
    }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
        if rawCells, format != .csv || dataset { throw CLIFailure.usage("option '--raw-cells' applies to --format csv only") }
        if sqlForm != .create, format != .sql || dataset { throw CLIFailure.usage("option '--sql-form' applies to --format sql only") }
        if sqlForm == .upsert, filter != ExportFilter() {
            throw CLIFailure.usage("--sql-form upsert makes the whole table equal to the export: it takes no --status, --label-type or --label")
        }
        try validateLabelingConfig()
        try validateDataset()
    }

    func run(_ context: CommandContext) throws -> Int32 {
        if dataset { return try runDataset(context) }
        do {
            for path in [out, out.map { $0 + ".position.json" }, labelingConfig].compactMap({ $0 }) {
                try OutputPath.check(path)
            }
        } catch let failure as AtomicFile.Failure {
            throw CLIFailure.runtime("cannot write the export: \(failure)")
        }
        var source = CommandReadSource(context: context)
        source.showsProgress = true
        let description: ExportDescription
        var config: [UInt8]?
        if let out {
            do {
                var written: ExportDescription?
                try AtomicFile.write(to: out) { write in written = try render(from: source, config: &config, write) }
                guard let written else { preconditionFailure("AtomicFile.write calls its producer once") }
                description = written
                try AtomicFile.write(Array((description.json + "\n").utf8), to: out + ".position.json")
            } catch let failure as AtomicFile.Failure {
                throw CLIFailure.runtime("cannot write the export: \(failure)")
            }
        } else {
            description = try render(from: source, config: &config) { bytes in try context.stdout.write(bytes: bytes) }
        }
        if let labelingConfig, let config {
            do {
                try AtomicFile.write(config, to: labelingConfig)
            } catch let failure as AtomicFile.Failure {
                throw CLIFailure.runtime("cannot write the labeling config: \(failure)")
            }
        }
        context.note("exported \(description.summary)")
        return ExitCode.success
    }

    /// The export's bytes, from `source`, handed to `write` a chunk at a time: what `run`
    /// writes and `GET /v1/export` returns, byte for byte. Returns what was exported.
    ///
    /// Streamed: the order comes from the compact rows, the wide columns are read back and
    /// written one chunk at a time, so memory does not grow with the row count.
    func render(from source: any ReadSource, _ write: ([UInt8]) throws -> Void) throws -> ExportDescription {
        var config: [UInt8]?
        return try render(from: source, config: &config, write)
    }

    /// `render(from:_:)`, and with `--labeling-config`, the labeling config of the same rows in
    /// `config`, made before the first byte of the export is written (a label XML cannot hold
    /// refuses the export whole).
    func render(from source: any ReadSource, config: inout [UInt8]?,
                _ write: ([UInt8]) throws -> Void) throws -> ExportDescription {
        let state = try source.exportState(at: SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag), validAt: validAt)
        let plan = state.projections.exportPlan(filter)
        if format == .sql { try Self.checkScanIDs(state.projections, plan) }
        if labelingConfig != nil { config = try Self.labelingConfig(plan) }
        let description = ExportDescription(format: format, seq: state.seq, recordedAt: state.recordedAt, filter: filter,
                                            rowCount: plan.rowCount, validAt: validAt)
        let context = ExportContext(description: description, rawCells: rawCells, sqlForm: sqlForm)
        try state.projections.export(plan, as: format, context) { bytes in
            if !bytes.isEmpty { try write(bytes) }
        }
        return description
    }

    /// Refuses an sql export whose rows hold a `source_scan_id` that is not a uuid (the table's
    /// column type), naming them (the first 20, and how many in all), before a byte is written.
    static func checkScanIDs(_ projections: ProjectionSet, _ plan: ExportPlan) throws {
        let bad = try projections.nonUUIDScanIDs(plan)
        guard !bad.isEmpty else { return }
        let shown = bad.prefix(20).map { "  sample \($0.id): \(EventTable.quote($0.value))" }
        let more = bad.count > 20 ? ["  … and \(bad.count - 20) more"] : []
        throw CLIFailure.runtime((["nothing exported: source_scan_id is a uuid column in the app's table, and \(bad.count) row(s) hold a value that is not a uuid:"]
            + shown + more).joined(separator: "\n"))
    }

    /// The projections through `seq`, and when the event at `seq` was recorded (nil for seq 0).
    /// `progress`, when given, is told how many records are folded (a bar on a terminal).
    static func fold(_ reader: LogReader, through seq: UInt64, progress: Progress? = nil) throws -> (ProjectionSet, Timestamp?) {
        guard seq > 0 else { return (ProjectionSet(), nil) }
        let projections = try ProjectionSet.rebuild(from: reader, through: seq, threads: ProjectionLoader.decodeThreads) {
            progress?.update(Int($0))
        }
        progress?.finish()
        return (projections, try recordedAt(projections))
    }

    /// When the record at `projections.lastSeq` was recorded (nil for seq 0).
    static func recordedAt(_ projections: ProjectionSet) throws -> Timestamp? {
        try projections.lastLocation.flatMap { location in
            try projections.rowSource?.withRecord(at: location) { $0.recordedAt }
        }
    }
}
