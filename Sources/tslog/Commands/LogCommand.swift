import EventLog
import Projections
import SampleDomain

/// `tslog log`: prints the stored events in seq order.
struct LogCommand: Command {
    static let name = "log"
    static let abstract = "Print the stored events in seq order."
    static let usage = ["tslog log [--from-seq N] [--type T] [--sample ID] [--format table|json] [--limit N]"]
    static let options: [OptionSpec] = [
        .option("--from-seq", "N", .integer(minimum: 0), help: "Start at the event with seq N."),
        .option("--type", "T", .choice(EventType.allCases.map(\.rawValue)),
                help: "Only events of type T: sample.submitted, nyckel.responded, nyckel.resubmitted, sample.relabeled or sample.deleted.",
                repeatable: true),
        .option("--sample", "ID", .sampleID, help: "Only events about sample ID.", repeatable: true),
        SharedOptions.format([.table, .json]),
        SharedOptions.limit,
    ]
    static let discussion = """
        With --format json each event is printed as its stored record line, exactly as
        it is in the segment file. Repeated --type or --sample options select events
        matching any of them.

        """

    var fromSeq: Int?
    /// Empty: every type.
    var types: [EventType]
    /// Empty: every sample.
    var samples: [SampleID]
    var format: OutputFormat
    var limit: Int?

    init(_ arguments: ParsedArguments) {
        fromSeq = arguments.integer("--from-seq")
        types = arguments.choices("--type")
        samples = arguments.sampleIDs("--sample")
        format = arguments.choice("--format") ?? .table
        limit = arguments.integer("--limit")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let reader = try LogAccess.reader(context)
        let wantedTypes = Set(types.map(\.rawValue))
        let wantedSamples = Set(samples)
        var printed = 0
        var table = EventTable(width: format == .table ? LogAccess.tableWidth(context) : nil)
        do {
          try SampleEventReader.forEach(in: reader, from: UInt64(max(fromSeq ?? 1, 1))) { _, _, event, record in
            if let limit, printed >= limit { throw StopScan() }
            if !wantedTypes.isEmpty, !wantedTypes.contains(event.body.type.rawValue) { return }
            if !wantedSamples.isEmpty, !wantedSamples.contains(event.sampleID) { return }
            printed += 1
            switch format {
            case .json:
                try context.stdout.write(bytes: UnsafeRawBufferPointer(record.line))
                try context.stdout.write("\n")
            default:
                try table.add(record: record, event: event, to: context.stdout)
            }
          }
        } catch is StopScan {}
        if format == .table { try table.finish(to: context.stdout) }
        return ExitCode.success
    }
}

/// Ends a scan early once `--limit` events are printed.
private struct StopScan: Error {}
