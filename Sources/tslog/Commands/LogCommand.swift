import EventLog
import Projections
import SampleDomain

/// `tslog log`: prints the stored events in seq order.
struct LogCommand: Command {
    static let name = "log"
    static let abstract = "Print the stored events in seq order."
    static let usage = ["tslog log [--from-seq N] [--type T] [--sample ID] [--format table|json] [--limit N]"]
    static let options: [OptionSpec] = [
        // Seqs start at 1, and GET /v1/events?from_seq= refuses 0 (its OpenAPI minimum): the two agree.
        .option("--from-seq", "N", .integer(minimum: 1), help: "Start at the record with seq N (the first record is seq 1)."),
        .option("--type", "T", .choice(LogEntry.selectableTypes),
                help: "Only records of type T: a sample event type (see the list below), tag.set, or log.lost (repair markers only).",
                repeatable: true),
        .option("--sample", "ID", .sampleID, help: "Only events about sample ID (no tag records).", repeatable: true),
        SharedOptions.format([.table, .json]),
        LogCommand.limitOption,
        .flag("--follow", help: "Keep printing new events as they are appended, until interrupted."),
    ]
    static let discussion = """
        Every record is shown, sample events and tag records (tag.set, written by
        'tslog tag'), so the seq column has no gaps. With --format json each record is
        printed as its stored line, exactly as it is in the segment file. Repeated
        --type or --sample options select records matching any of them. A log.lost
        repair marker is shown whatever the filters say: the record it replaces may
        have been one of those selected. The table's last line counts what it showed:
        (12 events), or for a mix (9 records: 7 events, 2 tag records). Types:
        \(HelpRenderer.wrap(LogEntry.selectableTypes.joined(separator: ", ") + ".", width: 80))

        With --follow the command polls the log (ten times a second) and prints each
        new record once it is complete, across segment rotation, until interrupted or
        until --limit records are printed. Without --from-seq it starts with the last
        10 records that match, as tail -f does. Use --format json to pipe them on. If
        the log is cut or replaced under it (a repair, a restore, another log moved to
        its path), it stops with an error naming what changed, exit 1.

        """

    /// `--limit N`: at least 1, as `GET /v1/events?limit=` takes it. Not `SharedOptions.limit`,
    /// whose 0 is SQL's `LIMIT 0` for `query`: a log read of no records is a mistake, and with
    /// `--follow` it would stop before printing anything.
    static let limitOption = OptionSpec.option("--limit", "N", .integer(minimum: 1), help: "Print at most N records.")

    var fromSeq: Int?
    /// The sample event types `--type` names (empty with `tags`: no sample events).
    var types: [EventType]
    /// `--type tag.set` was given.
    var tags: Bool
    /// No `--type`: every type.
    var everyType: Bool
    /// Empty: every sample.
    var samples: [SampleID]
    var format: OutputFormat
    var limit: Int?
    var follow: Bool

    init(_ arguments: ParsedArguments) {
        fromSeq = arguments.integer("--from-seq")
        types = arguments.choices("--type")
        tags = arguments.strings("--type").contains(TagRecord.setType)
        everyType = arguments.strings("--type").isEmpty
        samples = arguments.sampleIDs("--sample")
        format = arguments.choice("--format") ?? .table
        limit = arguments.integer("--limit")
        follow = arguments.flag("--follow")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        if follow { return try runFollowing(context) }
        let reader = try LogAccess.reader(context)
        var printed = 0
        var table = EventTable(width: format == .table ? LogAccess.tableWidth(context) : nil)
        do {
            try SampleEventReader.forEachEntry(in: reader, from: UInt64(fromSeq ?? 1)) { _, entry, record in
                if let limit, printed >= limit { throw StopScan() }
                guard selects(entry) else { return }
                printed += 1
                try show(entry, record, &table, context)
            }
        } catch is StopScan {}
        if format == .table { try table.finish(to: context.stdout) }
        return ExitCode.success
    }

    /// Whether the `--type` and `--sample` options keep `entry` (a repair marker always).
    func selects(_ entry: LogEntry) -> Bool {
        switch entry {
        case .sample(let event):
            if !everyType, !types.contains(event.body.type) { return false }
            return samples.isEmpty || samples.contains(event.sampleID)
        case .tag:
            return (everyType || tags) && samples.isEmpty
        case .lost:
            return true  // the lost record may have been one the filters select: nobody can tell
        }
    }

    /// Prints one record: its stored line (json) or a table row.
    func show(_ entry: LogEntry, _ record: RecordView, _ table: inout EventTable, _ context: CommandContext) throws {
        if format == .json {
            try context.stdout.write(bytes: UnsafeRawBufferPointer(record.line))
            try context.stdout.write("\n")
        } else {
            try table.add(record: record, entry: entry, to: context.stdout)
        }
    }
}

extension LogCommand {
    /// How long `--follow` sleeps between looks at the log.
    static let pollMicroseconds: UInt32 = 100_000

    /// `--follow`: prints what is there, then polls a fresh `LogReader` from the seq after the
    /// last one printed. A reader lists the segments anew each time, so rotation needs nothing
    /// special, and it only returns complete lines, so a record being written is printed once it
    /// is whole. Output is flushed after every poll that printed something.
    func runFollowing(_ context: CommandContext) throws -> Int32 {
        var table = EventTable(width: format == .table ? LogAccess.tableWidth(context) : nil)
        var next: UInt64
        if let fromSeq {
            next = UInt64(fromSeq)
        } else {
            next = try firstOfLastTen(LogAccess.reader(context))
        }
        var printed = 0
        var watch = FollowWatch()
        while true {
            let reader = try LogAccess.reader(context)
            try watch.check(reader)
            if reader.lastSeq >= next {
                do {
                    try SampleEventReader.forEachEntry(in: reader, from: next) { seq, entry, record in
                        if let limit, printed >= limit { throw StopScan() }
                        next = seq + 1
                        guard selects(entry) else { return }
                        printed += 1
                        try show(entry, record, &table, context)
                    }
                } catch is StopScan {}
                try context.stdout.flush()
            }
            if let limit, printed >= limit { return ExitCode.success }
            try watch.remember(reader)
            SystemProcess.sleep(seconds: Double(Self.pollMicroseconds) / 1e6)
        }
    }

    /// The seq `--follow` starts at without `--from-seq`: that of the 10th-last record the
    /// options select (the last 10 records with no filter; a scan of the log with one), or 1.
    func firstOfLastTen(_ reader: LogReader) throws -> UInt64 {
        let last = reader.lastSeq
        if everyType, samples.isEmpty { return last > 10 ? last - 9 : 1 }
        var recent: [UInt64] = []
        try SampleEventReader.forEachEntry(in: reader) { seq, entry, _ in
            guard selects(entry) else { return }
            recent.append(seq)
            if recent.count > 10 { recent.removeFirst() }
        }
        return recent.first ?? last + 1
    }
}

/// What `--follow` remembers of the log it reads, to notice that it was cut or replaced under
/// it (a repair, a restore from backup, another log moved to the same path): the log id, and
/// the last seq of the previous look with that record's checksum. Any change stops the
/// follower with an error (exit 1) instead of mixing records of two logs that share seqs.
struct FollowWatch {
    var logID: LogID?
    var last: (seq: UInt64, crc: UInt32)?

    /// Throws when `reader` is not the log seen before, or holds less of it.
    func check(_ reader: LogReader) throws {
        let id = reader.logID
        if let logID, let id, id != logID {
            throw CLIFailure.runtime("the log at \(reader.directory) was replaced while following it (log id \(logID), now \(id)); run 'tslog log --follow' again to read the new one")
        }
        guard let last else { return }
        if reader.lastSeq < last.seq {
            throw CLIFailure.runtime("the log at \(reader.directory) was cut while following it: it ends at seq \(reader.lastSeq) now, but it held seq \(last.seq) before (a repair, or a restore from backup?)")
        }
        if try reader.storedChecksum(ofSeq: last.seq) != last.crc {
            throw CLIFailure.runtime("the log at \(reader.directory) was replaced while following it: seq \(last.seq) holds another record now (a repair, or a restore from backup?)")
        }
    }

    /// Notes the log as `reader` saw it.
    mutating func remember(_ reader: LogReader) throws {
        if logID == nil { logID = reader.logID }
        if reader.lastSeq > 0, let crc = try reader.storedChecksum(ofSeq: reader.lastSeq) { last = (reader.lastSeq, crc) }
    }
}

/// Ends a scan early once `--limit` events are printed.
private struct StopScan: Error {}
