import EventLog
import Projections
import SampleDomain

/// `tslog report`: the guide's dashboard ideas as one self-contained HTML page.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Write the dashboard as a self-contained HTML page of charts."
    static let usage = ["tslog report [--as-of-seq N | --as-of TIME | --as-of-tag NAME] [--valid-at TIME] [--below N] [--out FILE.html]"]
    static let options: [OptionSpec] = [
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
        SharedOptions.validAt,
        .option("--out", "FILE", help: "Write the page to FILE (atomically) instead of standard output."),
        .option("--below", "N", .integer(minimum: 0), help: "The balance threshold: labels with fewer samples are marked.", default: "10"),
    ]
    static let discussion = """
        The page shows samples by label type, the Nyckel success rate with accepted,
        rejected, error and pending counts, training activity over the whole history,
        how samples and success rate changed (replayed from the log), the label
        distribution with labels under the balance threshold marked, recent
        submissions and current problems. It has no scripts and loads nothing: it
        opens from disk, works offline and prints. Every number equals what
        tslog query answers at the same seq.

        """

    var asOfSeq: Int?
    var asOfTime: Timestamp?
    /// `--as-of-tag NAME`: the page of a dataset version, as `query` and `export` take it.
    var asOfTag: String?
    var validAt: Timestamp?
    var out: String?
    var below: Int

    init(_ arguments: ParsedArguments) {
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
        validAt = arguments.timestamp("--valid-at")
        out = arguments.string("--out")
        below = arguments.integer("--below") ?? 10
    }

    var asOf: LogPosition { SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func validate() throws { try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func run(_ context: CommandContext) throws -> Int32 {
        if let out { try OutputPath.check(out) }
        let (page, data, seq) = try render(from: CommandReadSource(context: context))
        if let out {
            try AtomicFile.write(Array(page.utf8), to: out)
            context.note("report: \(data.total) samples as of seq \(seq) written to \(out)")
        } else {
            try context.stdout.write(page)
        }
        return ExitCode.success
    }

    /// The page, from `source`: what `run` writes and `GET /v1/report` returns, byte for byte
    /// (its "generated" time is `source.now()`). Also returns the page's data and seq.
    func render(from source: any ReadSource) throws -> (page: String, data: ReportData, seq: UInt64) {
        let state = try source.reportState(at: asOf, validAt: validAt)
        var data = try ReportData(state.projections, balanceBelow: below)
        data.images = try ImageState.summary(source, state.projections, ledger: state.images, folded: validAt == nil)
        data.lostSeqs = try LostRecords.seqs(in: source.reader(), through: state.seq)
        let page = ReportPage.render(data, timeline: state.timeline, context: .init(
            logName: source.logDirectory, seq: state.seq, generatedAt: source.now()))
        return (page, data, state.seq)
    }
}
