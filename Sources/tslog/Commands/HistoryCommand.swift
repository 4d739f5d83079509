import Projections
import SampleDomain

/// `tslog history SAMPLE_ID`: one sample's events, including after deletion.
struct HistoryCommand: Command {
    static let name = "history"
    static let abstract = "Show every event about one sample, in seq order."
    static let usage = ["tslog history SAMPLE_ID [--format table|json]"]
    static let arguments = [
        ArgumentSpec(name: "SAMPLE_ID", kind: .sampleID, help: "The sample's id (a UUID, any case)."),
    ]
    static let options: [OptionSpec] = [
        SharedOptions.format([.table, .json]),
    ]

    var sample: SampleID
    var format: OutputFormat

    init(_ arguments: ParsedArguments) throws {
        guard let sample = arguments.sampleID("SAMPLE_ID") else {
            throw CLIFailure.usage("missing argument SAMPLE_ID")
        }
        self.sample = sample
        format = arguments.choice("--format") ?? .table
    }

    func run(_ context: CommandContext) throws -> Int32 {
        try render(from: CommandReadSource(context: context), width: format == .table ? LogAccess.tableWidth(context) : nil) {
            try context.stdout.write(bytes: $0)
        }
        return ExitCode.success
    }

    /// The history as printed, from `source`: what `run` prints and `GET /v1/samples/ID/history`
    /// returns, byte for byte. Returns the seq it reflects (the log's end when read).
    /// - Throws: `CLIFailure.runtime` when the log holds no event about the sample.
    @discardableResult
    func render(from source: any ReadSource, width: Int?, _ write: ([UInt8]) throws -> Void) throws -> UInt64 {
        let reader = try source.reader()
        // The sample's records only, through the per-sample index when it can be believed.
        let history = try SampleHistory.load(sample, from: reader)
        guard !history.entries.isEmpty else {
            throw CLIFailure.runtime("no sample \(sample) in the log at \(source.logDirectory)")
        }
        try write(Array(history.render(format, width: width).utf8))
        return reader.lastSeq
    }
}
