import EventLog
import Foundation
import Projections
import SampleDomain

/// `tslog demo`: writes a reproducible demo log.
struct DemoCommand: Command {
    static let name = "demo"
    static let retry: String? = "remove the log directory (it holds what was written before the failure; demo writes only into a new or empty one) and run the demo again"
    static let abstract = "Write a seeded demo log of generated samples and their events."
    static let usage = ["tslog demo [--samples N] [--seed S] [--log DIR]",
                        "tslog demo [--samples N] [--seed S] [--log DIR] --serve [--listen HOST:PORT] [--session-idle S]"]
    static let options: [OptionSpec] = [
        .option("--samples", "N", .integer(minimum: 0, maximum: DemoCommand.maxSamples), help: "How many samples to generate (at most \(DemoCommand.maxSamples)).", default: "2000"),
        .option("--seed", "S", .integer(minimum: 0), help: "The random seed.", default: "1"),
        .option("--crops", "N", .integer(minimum: 0),
                help: "Exactly the newest N samples get a drawn crop in the image store (default: the newest 2000, and every older sample answered error or rejected).",
                default: String(DemoCommand.defaultCrops)),
        .flag("--serve", help: "Then start tslog serve on the demo log and print where to sign in to the desk."),
        .option("--listen", "HOST:PORT", help: "With --serve: where.", default: "127.0.0.1:8787"),
        // As tslog serve takes it: the demo's desk is where a person tries sessions ending.
        ServeCommand.sessionIdleOption,
    ]
    static let discussion = """
        The same seed, sample count and --crops give a byte-identical log. The
        newest samples (2000, all of them in a default demo) also get a small
        PNG crop that tslog draws, stored in the image store (DIR/images) and
        recorded by an image.fetched event with the picture's own facts, so the
        desk (tslog serve, at /) shows pictures offline and tslog images check,
        history, export --format dataset and project stats know them. Without
        --crops, so do the older samples a reviewer sees first (answered error
        or rejected), from a few shared pictures, one per look. A few are
        planted duplicates, label conflicts and size mismatches for images
        check to find; the other older samples' images are missing. The events
        end a day after the last submission, before 2026-11-20.

        """

    /// The most samples a demo makes (about 30 million events, some 12 GB): a digit too many
    /// is refused at once instead of filling the disk for hours.
    static let maxSamples = 10_000_000

    var samples: Int
    var seed: UInt64
    /// `--crops`: how many of the newest samples get a drawn crop.
    var crops: Int
    /// Without `--crops`: older samples answered error or rejected get a shared crop too.
    var problemCrops: Bool
    /// `--serve`: the server to run on the demo log afterwards.
    var serve: ServeCommand?

    init(_ arguments: ParsedArguments) throws {
        samples = arguments.integer("--samples") ?? 2000
        seed = UInt64(arguments.integer("--seed") ?? 1)
        crops = arguments.integer("--crops") ?? Self.defaultCrops
        problemCrops = !arguments.isGiven("--crops")
        // Before any demo is written: a bad value, or a server option without the server, must
        // not cost a log.
        if !arguments.flag("--serve") {
            for option in Self.serveOnlyOptions where arguments.isGiven(option) {
                throw CLIFailure.usage("option '\(option)' needs '--serve' (it configures the server demo --serve starts)")
            }
        }
        let sessionIdle = try ServeCommand.sessionIdle(arguments)
        if arguments.flag("--serve") {
            serve = ServeCommand(listen: arguments.string("--listen") ?? "127.0.0.1:8787", sessionIdle: sessionIdle)
        }
    }

    /// The options that configure the server of `--serve`: without it they would be ignored
    /// silently (a `--listen` the user believes in), so they are a usage error instead.
    static let serveOnlyOptions = ["--listen", ServeCommand.sessionIdleOption.name]

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
        var pictures: [[UInt8]] = []
        var lineNumber = 0
        var appended = 0
        let blobs = BlobStore(logDirectory: context.logDirectory)
        var blobLock: BlobStoreLock?
        defer { blobLock?.release() }
        func flush() throws {
            guard !batch.isEmpty else { return }
            // A picture is durable in the store before the image.fetched that names it is appended.
            if !pictures.isEmpty {
                if blobLock == nil { blobLock = try blobs.lockForWriting() }
                try Self.store(pictures, in: blobs)
                pictures.removeAll(keepingCapacity: true)
            }
            let summary = try store.append(lines: batch, skipInvalid: false, now: .now())
            if let first = summary.refused.first {
                throw CLIFailure.runtime("the demo generator produced an invalid event: \(first)")
            }
            appended += summary.appended
            batch.removeAll(keepingCapacity: true)
        }
        let progress = Progress(context, label: "demo", total: samples)
        var submitted = 0
        var stream = DemoImages(seed: seed, samples: samples, crops: crops, problems: problemCrops)
        while let item = stream.next() {
            if case .submitted = item.generated.event.body {
                submitted += 1
                progress.update(submitted)
            }
            if let png = item.png { pictures.append(png) }
            lineNumber += 1
            batch.append((lineNumber, Array(item.generated.inputLine.utf8)))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        progress.finish()
        try store.close()
        context.note("demo: appended \(appended) events for \(samples) samples (seed \(seed)) to \(context.logDirectory)")
        if stream.pictured > 0 {
            let newest = stream.pictured - stream.problemsPictured
            let older = stream.problemsPictured > 0 ? " and the \(stream.problemsPictured) older ones answered error or rejected" : ""
            context.note("demo: drew crops for the newest \(newest) samples\(older) into \(blobs.root) (\(stream.distinctPictures) distinct pictures), each with its image.fetched (tslog images check lists the planted duplicates, conflicts and mismatches)")
        }
        let projections = try LogAccess.projections(context, at: .end)
        try context.stdout.write(StatsReport(projections).renderTable(width: LogAccess.tableWidth(context) ?? 80))
        if let serve {
            try context.stdout.flush()
            return try serve.run(context)
        }
        return ExitCode.success
    }

    /// Stores `pictures` in `blobs` as one batch (`BlobStore.putAll`: written, then fsynced,
    /// renamed and their folders fsynced together), durable when it returns.
    static func store(_ pictures: [[UInt8]], in blobs: BlobStore) throws {
        _ = try blobs.putAll(pictures)
    }

    /// Events per append call: one fsync each.
    static let batchSize = 10_000

    /// Samples with a drawn crop when `--crops` is not given: a default demo is pictured whole,
    /// a bigger one only at its newest end (each crop is a file with its fsyncs).
    static let defaultCrops = 2000
}

extension ServeCommand {
    /// The server `tslog demo --serve` starts: default limits but the session idle time, the
    /// log's own token file.
    init(listen: String, sessionIdle: Double) {
        self.listen = listen
        tokenFile = nil
        config.sessionIdle = sessionIdle
    }
}
