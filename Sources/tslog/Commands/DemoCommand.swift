/// `tslog demo`: writes a reproducible demo log.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Write a seeded demo log of generated samples and their events."
    static let usage = ["tslog demo [--samples N] [--seed S] [--log DIR]"]
    static let options: [OptionSpec] = [
        .option("--samples", "N", .integer(minimum: 0), help: "How many samples to generate.", default: "2000"),
        .option("--seed", "S", .integer(minimum: 0), help: "The random seed.", default: "1"),
    ]
    static let discussion = """
        The same seed and sample count give a byte-identical log.

        """

    var samples: Int
    var seed: UInt64

    init(_ arguments: ParsedArguments) {
        samples = arguments.integer("--samples") ?? 2000
        seed = UInt64(arguments.integer("--seed") ?? 1)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        throw CLIFailure.notImplemented(Self.name)
    }
}
