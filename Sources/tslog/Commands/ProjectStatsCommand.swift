import Projections
import EventLog

/// `tslog project stats`: what the projections hold at a point in the log.
struct ProjectStatsCommand: Command {
    static let name = "project stats"
    static let abstract = "Show the dashboard: totals, label types, grades, statuses, activity, balance."
    static let usage = ["tslog project stats [--as-of-seq N | --as-of TIME | --as-of-tag NAME] [--format table|json]"]
    static let options: [OptionSpec] = [
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
        SharedOptions.format([.table, .json]),
        SharedOptions.noCheckpoint,
    ]

    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?
    var format: OutputFormat

    init(_ arguments: ParsedArguments) {
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
        format = arguments.choice("--format") ?? .table
    }

    /// The point in the log to build up to.
    var asOf: LogPosition { SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let projections = try LogAccess.projections(context, at: asOf, useCheckpoints: !context.arguments.flag("--no-checkpoint"))
        let report = StatsReport(projections)
        switch format {
        case .json:
            try context.stdout.write(report.renderJSON())
        default:
            try context.stdout.writeLine("Log \(context.logDirectory) as of seq \(projections.lastSeq)\n")
            try context.stdout.write(report.renderTable(width: LogAccess.tableWidth(context) ?? 80))
        }
        return ExitCode.success
    }
}
