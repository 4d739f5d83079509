import EventLog
import Projections
import SampleDomain

/// `tslog diff FROM TO`: what changed in the training data between two points of the log.
struct DiffCommand: Command {
    static let name = "diff"
    static let abstract = "Show which samples changed between two points in the log."
    static let usage = ["tslog diff FROM TO [--format table|json|csv] [--label L] [--label-type T] [--events]",
                        "tslog diff --valid FROM TO [--as-of-seq N | --as-of TIME] [options]"]
    static let arguments = [
        ArgumentSpec(name: "FROM", kind: .string, help: "A tag name, a seq number, or a time (RFC 3339, PostgreSQL's form, or a date: its 00:00 UTC)."),
        ArgumentSpec(name: "TO", kind: .string, help: "A tag name, a seq number, or a time (RFC 3339, PostgreSQL's form, or a date: its 00:00 UTC)."),
    ]
    static let options: [OptionSpec] = [
        SharedOptions.format([.table, .json, .csv]),
        .option("--label", "L", help: "Only samples that had label L (byte for byte) at FROM, at TO or between."),
        .option("--label-type", "T", .choice(LabelType.allCases.map(\.rawValue)),
                help: "Only samples that had label type T at FROM, at TO or between."),
        .flag("--events", help: "Also list every event between the points, including those of samples that changed and changed back."),
        .flag("--valid", help: "FROM and TO are valid times: compare the table at FROM with the table at TO by the events' occurred_at, as the log knows it now or at the --as-of… point."),
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
    ]
    static let discussion = """
        Rows are compared, not events: a sample whose row is the same at both points
        (relabeled and relabeled back, or submitted and deleted again) is not listed,
        but its events are, with --events. Kinds: added, removed, relabeled (label or
        label_type), status changed (nyckel_status), updated (any other column: the
        metadata sample.updated sets, Nyckel ids). The summary counts samples per
        kind, and unchanged: rows at both points with the same values. In json and
        csv the kinds keep their first names (deleted, status_changed, modified); the
        json summary also has removed and updated. The labels table gives, per label,
        the rows at both points, those that entered and left it, and the net change:
        what the 'labels' query would show at TO minus at FROM.

        --format csv writes the rows, or with --events the events.

        With --valid, FROM and TO are times (valid times, see 'Valid time' in
        docs/events.md): the table as it stood at each by occurred_at, as the log
        knows it now (or at the --as-of… point); the events listed are those that
        occurred after the earlier time and by the later one.

        """

    var from: String
    var to: String
    var format: OutputFormat
    var filter: DiffFilter
    var events: Bool
    var valid: Bool
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?

    init(_ arguments: ParsedArguments) throws {
        guard let from = arguments.string("FROM") else { throw CLIFailure.usage("missing argument FROM") }
        guard let to = arguments.string("TO") else { throw CLIFailure.usage("missing argument TO") }
        self.from = from
        self.to = to
        format = arguments.choice("--format") ?? .table
        filter = DiffFilter(labelType: arguments.choice("--label-type"), label: arguments.string("--label"))
        events = arguments.flag("--events")
        valid = arguments.flag("--valid")
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
    }

    /// A seq number (all digits), a time (`Timestamp(pointInTime:)`), else a tag name.
    static func position(_ text: String) throws(CLIFailure) -> LogPosition {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let n = UInt64(text) else { throw .usage("seq '\(text)' is too large") }
            return .seq(n)
        }
        if let time = Timestamp(pointInTime: text) { return .time(time) }
        return .tag(text)
    }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
        if valid {
            for (name, text) in [("FROM", from), ("TO", to)] where Timestamp(pointInTime: text) == nil {
                throw CLIFailure.usage("invalid value '\(text)' for \(name): with --valid it is a valid time, expected a time such as \(Timestamp.typedExamples)")
            }
            return
        }
        if asOfSeq != nil || asOfTime != nil || asOfTag != nil {
            throw CLIFailure.usage("options '--as-of-seq', '--as-of' and '--as-of-tag' apply with --valid only (the points are FROM and TO)")
        }
        _ = try DiffCommand.position(from)
        _ = try DiffCommand.position(to)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let reader = try LogAccess.reader(context)
        let now = Timestamp.now()
        if valid, let validFrom = Timestamp(pointInTime: from), let validTo = Timestamp(pointInTime: to) {
            let seq = try SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag).resolveOption(in: reader, now: now)
            let diff = try DatasetDiff.compute(reader, through: seq, validFrom: validFrom, validTo: validTo, filter: filter)
            try context.stdout.write(diff.render(format, from: from, to: to, events: events,
                                                 width: format == .table ? LogAccess.tableWidth(context) : nil))
            return ExitCode.success
        }
        let fromSeq = try DiffCommand.position(from).resolve(in: reader, now: now)
        let toSeq = try DiffCommand.position(to).resolve(in: reader, now: now)
        let diff = try DatasetDiff.compute(reader, from: fromSeq, to: toSeq, filter: filter)
        try context.stdout.write(diff.render(format, from: from, to: to, events: events,
                                             width: format == .table ? LogAccess.tableWidth(context) : nil))
        return ExitCode.success
    }
}
