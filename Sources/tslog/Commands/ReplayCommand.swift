import EventLog
import Projections
import SampleDomain

/// `tslog replay --into DIR`: copies the log, up to a point, into a fresh log; also the backup command.
struct ReplayCommand: Command {
    static let name = "replay"
    static let abstract = "Copy the log's events, up to a point, into a fresh log directory, and verify it."
    static let usage = ["tslog replay --into DIR [--as-of-seq N | --as-of TIME | --as-of-tag NAME]"]
    static let options: [OptionSpec] = [
        .option("--into", "DIR", help: "The new log's directory: must not exist, or be empty."),
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
    ]
    static let discussion = """
        The new log holds the same records with the same seq, recorded_at, type,
        event_id and payload bytes: every line is identical to the original's. It also
        holds every image of the log's store (tslog images fetch), each re-hashed on
        the way; an image whose bytes no longer match its SHA-256 is left out, named,
        and makes the exit code 1 (tslog images fetch on the copy downloads it again).
        It is built in a temporary directory beside DIR, verified (checksums, seq
        chain, and each line compared byte for byte with the source's line at the same
        seq), and only then renamed to DIR, so DIR never holds a partial log. A
        non-empty DIR is refused.

        A weekly backup, from cron:
          0 3 * * 0  tslog replay --log /srv/tslog --into /backup/tslog-$(date +\\%F)

        """

    var into: String
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?

    init(_ arguments: ParsedArguments) throws {
        guard let into = arguments.string("--into") else { throw CLIFailure.usage("missing option '--into DIR'") }
        self.into = into
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
    }

    func validate() throws { try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func run(_ context: CommandContext) throws -> Int32 {
        let source = try LogAccess.reader(context)
        let seq = try SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag).resolveOption(in: source, now: .now())
        let progress = Progress(context, label: "replay", total: Int(seq))
        let images = try LogReplay.copy(source, through: seq, into: into) { progress.update(Int($0)) }
        progress.finish()
        try context.stdout.writeLine("replayed \(seq) event\(seq == 1 ? "" : "s") (seq 1-\(seq)) into \(into); verified")
        if images.copied > 0 {
            try context.stdout.writeLine("copied \(images.copied) image\(images.copied == 1 ? "" : "s") (\(images.bytes) bytes), each re-hashed")
        }
        guard images.damaged.isEmpty else {
            let n = images.damaged.count
            context.note("replay: left out \(n) damaged image\(n == 1 ? "" : "s") (the bytes no longer hash to the name; "
                + "tslog images verify lists them, tslog images fetch on the copy downloads them again): "
                + images.damaged.joined(separator: ", "))
            return ExitCode.failure
        }
        return ExitCode.success
    }
}
