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
        throw CLIFailure.notImplemented(Self.name)
    }
}
