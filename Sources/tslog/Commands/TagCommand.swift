import EventLog
import Projections
import SampleDomain

/// `tslog tag NAME`: names a point in the log, by a record in the log itself.
struct TagCommand: Command {
    static let name = "tag"
    static let retry: String? = "run the tag command again; the tag was not set"
    static let abstract = "Name a point in the log (a dataset version) by a record in it."
    static let usage = ["tslog tag NAME [--at-seq N | --at TIME] [--note TEXT] [--move]"]
    static let arguments = [
        ArgumentSpec(name: "NAME", kind: .string,
                     help: "The tag: up to 128 bytes, no whitespace or control characters, not all digits, not a time."),
    ]
    static let options: [OptionSpec] = [
        .option("--at-seq", "N", .integer(minimum: 0), help: "Tag the state after the event with seq N (default: the end of the log)."),
        .option("--at", "TIME", .timestamp, help: "Tag the state as of TIME (RFC 3339, PostgreSQL's form, or a date: its 00:00 UTC): the last event recorded at or before it."),
        .option("--note", "TEXT", help: "A note stored with the tag, e.g. what was trained from it."),
        .flag("--move", help: "Move the tag if NAME exists; the move is recorded too."),
    ]
    static let discussion = """
        A tag is a tag.set record appended to the log: it is checksummed, listed by
        'tslog tags', and copied by 'tslog replay'. It names a position (a seq), so
        'tslog export --as-of-tag NAME' gives the same bytes today and a year from now.
        Re-tagging an existing name is refused unless --move is given; a move is a new
        record that keeps the old position in its moved_from field.

        """

    var tagName: String
    var atSeq: Int?
    var atTime: Timestamp?
    var note: String?
    var move: Bool

    init(_ arguments: ParsedArguments) throws {
        guard let name = arguments.string("NAME") else { throw CLIFailure.usage("missing argument NAME") }
        tagName = name
        atSeq = arguments.integer("--at-seq")
        atTime = arguments.timestamp("--at")
        note = arguments.string("--note")
        move = arguments.flag("--move")
    }

    func validate() throws {
        if atSeq != nil, atTime != nil { throw CLIFailure.usage("options '--at-seq' and '--at' cannot be used together") }
        if let problem = TagName.problem(tagName) { throw CLIFailure.usage("invalid tag name '\(tagName)': \(problem)") }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let name = try TagName(tagName)
        let reader = try LogAccess.reader(context)  // a missing log is an error, not a new empty log
        var seq = atSeq.map(UInt64.init)
        if let atTime {
            seq = try LogPosition.time(atTime).resolveOption("--at", in: reader, now: .now())
        }
        let written: (record: TagRecord, storedAt: UInt64)
        do {
            written = try TagStore.set(directory: context.logDirectory, name: name, at: seq, note: note, move: move)
        } catch let error as TagError {
            // Past the end: only --at-seq names a seq the log may lack; say so, as POST /v1/tags names at_seq.
            if case .beyondEnd = error { throw CLIFailure.runtime("option '--at-seq': \(error.description)") }
            throw CLIFailure.runtime(error.description)
        }
        let record = written.record
        if let from = record.movedFrom {
            try context.stdout.writeLine("moved tag '\(name)' from seq \(from) to seq \(record.seq) (recorded at seq \(written.storedAt))")
        } else {
            try context.stdout.writeLine("tagged seq \(record.seq) as '\(name)' (recorded at seq \(written.storedAt))")
        }
        return ExitCode.success
    }
}
