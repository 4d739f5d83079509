import Projections
import EventLog

/// `tslog project stats`: what the projections hold at a point in the log.
struct ProjectStatsCommand: Command {
    static let name = "project stats"
    static let abstract = "Show the dashboard: totals, label types, grades, statuses, activity, balance."
    static let usage = ["tslog project stats [--as-of-seq N | --as-of TIME | --as-of-tag NAME] [--valid-at TIME] [--format table|json]"]
    static let options: [OptionSpec] = [
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
        SharedOptions.validAt,
        SharedOptions.format([.table, .json]),
        SharedOptions.noCheckpoint,
    ]

    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?
    var validAt: Timestamp?
    var format: OutputFormat

    init(_ arguments: ParsedArguments) {
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
        validAt = arguments.timestamp("--valid-at")
        format = arguments.choice("--format") ?? .table
    }

    /// The point in the log to build up to.
    var asOf: LogPosition { SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let source = CommandReadSource(context: context, useCheckpoints: !context.arguments.flag("--no-checkpoint"))
        try render(from: source, width: LogAccess.tableWidth(context) ?? 80) { try context.stdout.write(bytes: $0) }
        return ExitCode.success
    }

    /// The dashboard as printed, from `source`: what `run` prints and `GET /v1/stats` returns,
    /// byte for byte. `width` is the table's. Returns the seq it reflects.
    @discardableResult
    func render(from source: any ReadSource, width: Int, _ write: ([UInt8]) throws -> Void) throws -> UInt64 {
        let projections = try source.projections(at: asOf, validAt: validAt)
        var report = StatsReport(projections)
        report.images = try ImageState.summary(source, projections, folded: validAt == nil)
        report.lostSeqs = try LostRecords.seqs(in: source.reader(), through: projections.lastSeq)
        switch format {
        case .json:
            try write(Array(report.renderJSON().utf8))
        default:
            try write(Array("Log \(source.logDirectory) as of seq \(projections.lastSeq)\n\n".utf8))
            try write(Array(report.renderTable(width: width).utf8))
        }
        return projections.lastSeq
    }
}
