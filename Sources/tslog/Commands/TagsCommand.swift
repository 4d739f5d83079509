import EventLog
import Projections
import SampleDomain

/// `tslog tags`: the tags the log holds.
struct TagsCommand: Command {
    static let name = "tags"
    static let abstract = "List the tags: name, seq, when recorded, note."
    static let usage = ["tslog tags [--format table|json|csv]"]
    static let options: [OptionSpec] = [
        SharedOptions.format([.table, .json, .csv]),
    ]
    static let discussion = """
        Tags are listed by name (byte order). seq is the position the tag names;
        recorded_at and record_seq are when and where its latest tag.set record was
        appended; moves counts how often it was moved.

        """

    var format: OutputFormat

    init(_ arguments: ParsedArguments) {
        format = arguments.choice("--format") ?? .table
    }

    func run(_ context: CommandContext) throws -> Int32 {
        try render(from: CommandReadSource(context: context), width: format == .table ? LogAccess.tableWidth(context) : nil) {
            try context.stdout.write(bytes: $0)
        }
        return ExitCode.success
    }

    /// The tags as printed, from `source`: what `run` prints and `GET /v1/tags` returns, byte
    /// for byte. Returns the seq they reflect.
    @discardableResult
    func render(from source: any ReadSource, width: Int?, _ write: ([UInt8]) throws -> Void) throws -> UInt64 {
        let index: TagIndex
        let seq: UInt64
        do {
            (index, seq) = try source.tags()
        } catch let error as TagError {
            throw CLIFailure.runtime(error.description)
        }
        let rows: [[Cell]] = index.all.map { tag in
            [.text(tag.name.text), .int(Int64(tag.seq)), .timestamp(tag.recordedAt), tag.note.map(Cell.text) ?? .null,
             .int(Int64(tag.recordSeq)), .int(Int64(tag.previousSeqs.count))]
        }
        let table = ResultTable(columns: ["name", "seq", "recorded_at", "note", "record_seq", "moves"], rows: rows)
        try write(Array(table.render(format, width: width, wraps: true).utf8))
        return seq
    }
}
