import EventLog
import Projections
import SampleDomain

/// `tslog demo`: writes a reproducible demo log.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Write a seeded demo log of generated samples and their events."
    static let usage = ["tslog demo [--samples N] [--seed S] [--log DIR]",
                        "tslog demo [--samples N] [--seed S] [--log DIR] --serve [--listen HOST:PORT]"]
    static let options: [OptionSpec] = [
        .option("--samples", "N", .integer(minimum: 0), help: "How many samples to generate.", default: "2000"),
        .option("--seed", "S", .integer(minimum: 0), help: "The random seed.", default: "1"),
        .flag("--serve", help: "Then start tslog serve on the demo log and print where to sign in to the desk."),
        .option("--listen", "HOST:PORT", help: "With --serve: where.", default: "127.0.0.1:8787"),
    ]
    static let discussion = """
        The same seed and sample count give a byte-identical log. The demo also
        stores one small drawn PNG crop per label in DIR/images, so the desk
        (tslog serve, at /) shows pictures offline.

        """

    var samples: Int
    var seed: UInt64
    /// `--serve`: the server to run on the demo log afterwards.
    var serve: ServeCommand?

    init(_ arguments: ParsedArguments) {
        samples = arguments.integer("--samples") ?? 2000
        seed = UInt64(arguments.integer("--seed") ?? 1)
        if arguments.flag("--serve") {
            serve = ServeCommand(listen: arguments.string("--listen") ?? "127.0.0.1:8787")
        }
    }

    func validate() throws {
        try serve?.validate()
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
        var cropKeys = Set<String>()
        for generated in DemoGenerator(seed: seed, samples: samples) {
            if case .submitted(let s) = generated.event.body {
                submitted += 1
                progress.update(submitted)
                if let key = DemoCrop.key(imagePath: s.imagePath) { cropKeys.insert(key) }
            }
            lineNumber += 1
            batch.append((lineNumber, Array(generated.inputLine.utf8)))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        progress.finish()
        try store.close()
        context.note("demo: appended \(appended) events for \(samples) samples (seed \(seed)) to \(context.logDirectory)")
        try storeCrops(cropKeys, context)
        let projections = try LogAccess.projections(context, at: .end)
        try context.stdout.write(StatsReport(projections).renderTable(width: LogAccess.tableWidth(context) ?? 80))
        if let serve {
            try context.stdout.flush()
            return try serve.run(context)
        }
        return ExitCode.success
    }

    /// Puts one drawn crop per label folder into the image store (`DIR/images`), for the desk.
    /// Until the image events are in the schema, the desk finds a sample's crop by its
    /// `image_path` folder (`DeskImages`), not by an `image.fetched` event.
    private func storeCrops(_ keys: Set<String>, _ context: CommandContext) throws {
        guard !keys.isEmpty else { return }
        let blobs = BlobStore(logDirectory: context.logDirectory)
        let lock = try blobs.lockForWriting()
        defer { lock.release() }
        for key in keys.sorted() { _ = try blobs.put(DemoCrop.png(key: key)) }
        context.note("demo: stored \(keys.count) drawn crops (one per label) in \(blobs.root)")
    }

    /// Events per append call: one fsync each.
    static let batchSize = 10_000
}

extension ServeCommand {
    /// The server `tslog demo --serve` starts: default limits, the log's own token file.
    init(listen: String) {
        self.listen = listen
        tokenFile = nil
    }
}
