import Projections
import EventLog
import SampleDomain

/// `tslog query NAME`: answers one of the app guide's SQL questions from the projections.
struct QueryCommand: Command {
    static let name = "query"
    static let abstract = "Answer one of the app's questions, exactly as PostgreSQL would."
    static let usage = ["tslog query NAME [options]"]
    static let arguments = [
        ArgumentSpec(name: "NAME", kind: .choice(QueryName.allCases.map(\.rawValue)),
                     help: "The question to answer; see the list below."),
    ]
    static let options: [OptionSpec] = [
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
        SharedOptions.validAt,
        SharedOptions.format([.table, .json, .csv]),
        .option("--label-type", "T", .choice(LabelType.allCases.map(\.rawValue)),
                help: "labels, samples: only this label type (default: every type); balance: the type checked (default: grade)."),
        .option("--label", "L", help: "The label for samples."),
        SharedOptions.limit,
        SharedOptions.noCheckpoint,
        .option("--days", "N", .integer(minimum: 1), help: "How many days daily shows.", default: "30"),
        .option("--below", "N", .integer(minimum: 0), help: "The sample count balance reports labels under.", default: "10"),
        .flag("--raw-cells", help: "csv: write text cells starting with = + - @ as they are, not prefixed with '."),
        .flag("--fail-if-rows", help: "Exit 2 when the answer has a row (for cron: balance, problems, failed)."),
    ]
    /// The questions, from `QueryName`: each name, padded to one column, and its abstract.
    static let discussion = "Questions:\n" + questionList + """

        Rows, order and numbers are what the guide's SQL returns on PostgreSQL, with
        labels compared byte by byte (COLLATE "C").

        In csv, text cells that start with = + - @ tab CR or ' get a ' in front so that
        spreadsheets do not run them as formulas (as export does); --raw-cells writes
        them unchanged.

        Exit status: 0; with --fail-if-rows, 2 when the answer has a row (printed as
        usual), so cron can alert on it:
          tslog query balance --fail-if-rows > balance.txt || mail ... < balance.txt
        1 on an error, 64 for a wrong command line.

        """

    private static var questionList: String {
        let column = QueryName.allCases.map(\.rawValue.count).max()! + 2
        return QueryName.allCases.map { query in
            "  " + query.rawValue + String(repeating: " ", count: column - query.rawValue.count) + query.abstract + "\n"
        }.joined()
    }

    var query: QueryName
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?
    var validAt: Timestamp?
    var format: OutputFormat
    /// Given or grade; read by labels and samples only when given, by balance always.
    var labelType: LabelType
    var label: String?
    /// nil: the query's own limit (failed: 20) or none.
    var limit: Int?
    var days: Int
    var below: Int
    /// `--fail-if-rows`: exit `ExitCode.rowsFound` when the answer has a row.
    var failIfRows: Bool
    /// `--raw-cells`: csv without the formula guard.
    var rawCells: Bool
    /// The options given explicitly, to refuse those the query does not read.
    private var givenSpecificOptions: [String]

    init(_ arguments: ParsedArguments) throws {
        guard let query = arguments.choice("NAME", as: QueryName.self) else {
            throw CLIFailure.usage("missing argument NAME")
        }
        self.query = query
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
        validAt = arguments.timestamp("--valid-at")
        format = arguments.choice("--format") ?? .table
        labelType = arguments.choice("--label-type") ?? .grade
        label = arguments.string("--label")
        limit = arguments.integer("--limit")
        days = arguments.integer("--days") ?? 30
        below = arguments.integer("--below") ?? 10
        failIfRows = arguments.flag("--fail-if-rows")
        rawCells = arguments.flag("--raw-cells")
        givenSpecificOptions = QueryOption.allCases.map(\.rawValue).filter(arguments.isGiven)
    }

    /// The point in the log to answer at.
    var asOf: LogPosition { SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
        for option in givenSpecificOptions where !query.options.map(\.rawValue).contains(option) {
            throw CLIFailure.usage("option '\(option)' does not apply to query '\(query.rawValue)'")
        }
        if rawCells, format != .csv { throw CLIFailure.usage("option '--raw-cells' applies to --format csv only") }
        if query == .samples, label == nil {
            throw CLIFailure.usage("query 'samples' needs --label L")
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let source = CommandReadSource(context: context, useCheckpoints: !context.arguments.flag("--no-checkpoint"))
        let answer = try answer(from: source, width: format == .table ? LogAccess.tableWidth(context) : nil) {
            try context.stdout.write(bytes: $0)
        }
        return failIfRows && answer.rows > 0 ? ExitCode.rowsFound : ExitCode.success
    }

    /// The answer as printed, from `source`: what `run` prints and `GET /v1/query/NAME`
    /// returns, byte for byte. `width` limits a table (nil: unlimited). Returns the seq answered at.
    @discardableResult
    func render(from source: any ReadSource, width: Int?, _ write: ([UInt8]) throws -> Void) throws -> UInt64 {
        try answer(from: source, width: width, write).seq
    }

    /// What `render` does, also saying how many rows the answer has.
    func answer(from source: any ReadSource, width: Int?, _ write: ([UInt8]) throws -> Void) throws -> (seq: UInt64, rows: Int) {
        let projections = try source.projections(at: asOf, validAt: validAt)
        var options = QueryOptions()
        options.label = label
        if query == .balance || isGiven("--label-type") { options.labelType = labelType }
        if let limit { options.limit = limit } else if query != .failed { options.limit = Int.max }
        options.days = days
        options.below = below
        var table = try projections.query(query, options)
        // `--limit N` is SQL's LIMIT on the query's own order, for every query (`failed` takes
        // it as its LIMIT already); it used to be read by `failed` only, and ignored silently.
        if let limit, table.rows.count > limit { table.rows.removeSubrange(limit...) }
        try write(Array(table.render(format, width: width, wraps: true, rawCells: rawCells).utf8))
        return (projections.lastSeq, table.rows.count)
    }

    private func isGiven(_ option: String) -> Bool { givenSpecificOptions.contains(option) }
}
