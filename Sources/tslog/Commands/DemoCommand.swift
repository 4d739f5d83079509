import Projections
import SampleDomain

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
        let store = try SampleStore(directory: context.logDirectory)
        defer { try? store.close() }
        guard store.writer.lastSeq == 0 else {
            throw CLIFailure.runtime("\(context.logDirectory) already holds a log (\(store.writer.lastSeq) records); demo writes only into a new or empty directory")
        }
        var batch: [(number: Int, bytes: [UInt8])] = []
        var lineNumber = 0
        var appended = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            let summary = try store.append(lines: batch, skipInvalid: false, now: .now())
            if let first = summary.refused.first {
                throw CLIFailure.runtime("the demo generator produced an invalid event: \(first)")
            }
            appended += summary.appended
            batch.removeAll(keepingCapacity: true)
        }
        let progress = Progress(context, label: "demo", total: samples)
        var submitted = 0
        for generated in DemoGenerator(seed: seed, samples: samples) {
            if generated.event.body.type == .sampleSubmitted { submitted += 1; progress.update(submitted) }
            lineNumber += 1
            batch.append((lineNumber, Array(generated.inputLine.utf8)))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        progress.finish()
        try store.close()
        context.note("demo: appended \(appended) events for \(samples) samples (seed \(seed)) to \(context.logDirectory)")
        let projections = try LogAccess.projections(context, at: .end)
        try context.stdout.write(StatsReport(projections).renderTable(width: LogAccess.tableWidth(context) ?? 80))
        return ExitCode.success
    }

    /// Events per append call: one fsync each.
    static let batchSize = 10_000
}
