import EventLog
import Projections
import SampleDomain

/// `tslog images fetch`: downloads the images of the live samples that have none stored yet, or
/// whose stored image was fetched from another URL than their `image_url` now.
struct ImagesFetchCommand: Command {
    static let name = "images fetch"
    static let retry: String? = "run the fetch again; the images of the batch that failed were not recorded and are fetched again, those recorded before are kept"
    static let abstract = "Download the live samples' images into the log's image store."
    static let usage = ["tslog images fetch [--jobs N] [--timeout S] [--retries N] [--max-bytes N] [--server URL [--token-file F]] [--status S] [--label-type T] [--label L] [--as-of-seq N | --as-of TIME | --as-of-tag NAME]"]
    static let options: [OptionSpec] = [
        .option("--jobs", "N", .integer(minimum: 1), help: "Downloads at a time.", default: "8"),
        .option("--timeout", "S", .integer(minimum: 1), help: "Seconds one request may take.", default: "30"),
        .option("--retries", "N", .integer(minimum: 0), help: "Retries after a timeout or a 5xx, with backoff.", default: "2"),
        .option("--max-bytes", "N", .integer(minimum: 1), help: "Refuse an image larger than N bytes.", default: "50000000"),
        .option("--server", "URL", help: "Append the image events through the tslog serve running on this log (http://HOST:PORT), which holds its writer."),
        .option("--token-file", "F", help: "With --server: the server's token file; its first write token is sent.",
                defaultDescription: "DIR/serve-tokens"),
        .option("--status", "S", .choice(NyckelStatus.allCases.map(\.rawValue)), help: "Only samples with this nyckel_status."),
        .option("--label-type", "T", .choice(LabelType.allCases.map(\.rawValue)), help: "Only samples with this label_type."),
        .option("--label", "L", help: "Only samples with this label (compared byte for byte)."),
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
    ]
    static let discussion = """
        Fetches the image_url of every live sample (as of the point given, filtered
        like 'tslog export') whose bytes are not stored yet, of every sample whose
        last fetch failed, and of every sample whose image_url changed since its
        last fetch (its stored bytes are the old URL's). Each image is stored once
        under its SHA-256 in DIR/images/sha256/ and recorded as an image.fetched
        event (format, width and height read from the image itself); a refusal
        (HTTP error, timeout, a body shorter than its Content-Length or over
        --max-bytes, anything that is not a PNG, JPEG, WebP or GIF, an image cut
        short before its end) is recorded as image.fetch_failed with its reason.

        Exits 0 when every sample asked for has its image stored, and 1 listing each
        failed sample, URL and reason. Run it again to fetch what is missing. An
        image stored whose event could not be appended (a full disk) is found
        again by the next run; tslog images prune removes those never recorded.

        Downloads go through libcurl (Debian: libcurl4, which the Swift toolchain
        needs too), loaded by this command only; redirects are followed, at most 5,
        to http and https URLs only.

        The log's writer is taken only to append each batch of results (about once
        a second), never while images download, so appends from other processes go
        through meanwhile. A sample deleted before the fetch is not requested; the
        result for one deleted during it is dropped.

        While tslog serve runs on the log it holds the log's writer: pass --server
        with its address and the fetch reads the log directly, stores the images
        itself and appends the events through the server (POST /v1/events).

        """

    var options: ImageFetcher.Options
    var filter: ExportFilter
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?
    var server: String?
    var tokenFile: String?

    init(_ arguments: ParsedArguments) {
        server = arguments.string("--server")
        tokenFile = arguments.string("--token-file")
        options = ImageFetcher.Options(jobs: arguments.integer("--jobs") ?? 8, timeout: Double(arguments.integer("--timeout") ?? 30),
                                       retries: arguments.integer("--retries") ?? 2, maxBytes: arguments.integer("--max-bytes") ?? 50_000_000)
        filter = ExportFilter(status: arguments.choice("--status"), labelType: arguments.choice("--label-type"),
                              label: arguments.string("--label"))
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
    }

    func validate() throws {
        try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
        if tokenFile != nil, server == nil { throw CLIFailure.usage("option '--token-file' applies with --server only") }
        if let server { _ = try ServerEventSink.baseURL(server) }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let position = SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag)
        let images = try ImageState.load(context, at: position, filter: filter)
        let jobs = images.rows.filter { !images.isStored($0.id) }.map { ImageFetchRun.Job(sampleID: $0.id, url: $0.imageURL) }
        if !jobs.isEmpty, let problem = ImageFetcher.unavailable { throw CLIFailure.runtime(problem) }
        let progress = Progress(context, label: "fetch", total: jobs.count)
        let lock = NSLockBox(progress)
        var run = ImageFetchRun()
        if let server {
            let sink = try ServerEventSink(server: server, tokenFile: tokenFile ?? context.logDirectory + "/serve-tokens")
            run.appendLines = { lines in try sink.append(lines) }
        }
        let summary: ImageFetchRun.Summary
        do {
            summary = try run.run(jobs, directory: context.logDirectory, options: options) { done in lock.update(done) }
        } catch let error as LogError where error.kind == .locked {
            // The hint is for the log's writer, which tslog serve holds; the image store's lock is
            // held by another images fetch (or a demo), which --server does not get around.
            if error.path == BlobStore(logDirectory: context.logDirectory).root + "/LOCK" { throw error }
            throw CLIFailure.runtime("\(error); if that is tslog serve, pass --server http://HOST:PORT to append through it")
        }
        progress.finish()
        for failure in summary.failed {
            // The URL is a stored value and the reason may quote the server: escaped, one line each.
            try context.stdout.writeLine("failed: \(failure.job.sampleID) \(TerminalText.escapedForCell(failure.job.url)): "
                + TerminalText.escapedForCell(failure.reason))
        }
        // Of the samples still live: those stored before, and those fetched now (a sample deleted
        // before or during the fetch is counted in neither number).
        let stored = images.rows.count - jobs.count + summary.fetched
        let live = images.rows.count - summary.skipped.count - summary.dropped
        var deleted = ""
        if summary.dropped > 0 { deleted += ", \(summary.dropped) dropped (sample deleted during the fetch)" }
        if !summary.skipped.isEmpty { deleted += ", \(summary.skipped.count) skipped (sample deleted before its fetch)" }
        context.note("fetched \(summary.fetched), failed \(summary.failed.count)\(deleted); \(stored) of \(live) samples have their image stored")
        return summary.failed.isEmpty ? ExitCode.success : ExitCode.failure
    }
}
