import EventLog

/// `tslog verify`: checks the log's integrity end to end; `--repair` makes a damaged log valid.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check every record's checksum, the seq chain and the segment files."
    static let usage = ["tslog verify [--log DIR]", "tslog verify --repair [--log DIR]"]
    static let options: [OptionSpec] = [
        .flag("--repair", help: "Make a damaged log valid again: move the damaged segment and everything after it to DIR/damaged/, keep every record before the damage, and print the seqs lost."),
    ]
    static let discussion = """
        Exits 0 with a one-line summary when the log is sound, and 1 naming the first
        bad place (segment, byte offset, line and seq) otherwise. A torn tail left by a
        crash is reported too; the next append cuts it.

        --repair is never automatic. It takes the writer lock, keeps every record before
        the first bad place (the damaged segment is replaced by a copy of its intact
        start), moves the damaged segment, every later segment and any stray file that
        looks like a segment into DIR/damaged/<time>/ (nothing is deleted), removes the
        indexes (rebuilt by the next append), prints exactly which seqs were lost, and
        verifies the result.

        """

    var repair: Bool

    init(_ arguments: ParsedArguments) {
        repair = arguments.flag("--repair")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        if repair {
            let report = try repairLog(directory: context.logDirectory)
            if let problem = report.problem {
                try context.stdout.writeLine("found: \(problem)")
                if let damaged = report.damagedDirectory {
                    try context.stdout.writeLine("moved to \(damaged): \(report.movedAside.joined(separator: ", "))")
                }
                if let segment = report.truncatedSegment {
                    try context.stdout.writeLine("kept the first \(report.keptBytes) bytes of \(segment) (records up to seq \(report.lastSeq))")
                }
                var lost = "lost: \(report.lostDescription)"
                if report.lostSeqs != nil {
                    lost += "; \(report.intactMovedAside) of them intact in the moved files"
                }
                try context.stdout.writeLine(lost)
            } else {
                try context.stdout.writeLine("nothing to repair")
            }
        }
        let report = try verifyLog(directory: context.logDirectory)
        LogAccess.warnAboutIgnoredFiles(LogReader.ignoredFiles(in: context.logDirectory), context)
        try context.stdout.writeLine(
            "ok: \(report.segments) segment\(report.segments == 1 ? "" : "s"), \(report.records) record\(report.records == 1 ? "" : "s"), \(report.bytes) bytes")
        return ExitCode.success
    }
}
