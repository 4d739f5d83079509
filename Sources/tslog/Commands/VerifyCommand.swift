import EventLog

/// `tslog verify`: checks the log's integrity end to end; `--repair` makes a damaged log valid.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check every record's checksum, the seq chain and the segment files."
    static let usage = ["tslog verify [--log DIR]", "tslog verify --repair [--from BACKUP_DIR] [--log DIR]"]
    static let options: [OptionSpec] = [
        .flag("--repair", help: "Make a damaged log valid again: keep every intact record, heal or mark each damaged one, move the old files to DIR/damaged/, and print what was lost."),
        .option("--from", "BACKUP_DIR", help: "With --repair: heal damaged records from this copy of the log (made by tslog replay): same seq, same bytes, checksum verified."),
    ]
    static let discussion = """
        Exits 0 with a one-line summary when the log is sound, and 1 naming the first
        bad place (segment, byte offset, line and seq) otherwise. A torn tail left by a
        crash is reported too; the next append cuts it. Records lost in an earlier
        repair are counted in the summary.

        --repair is never automatic. It takes the writer lock and keeps every record
        that passes its checksum, at its seq. Each damaged or missing record is healed
        from --from BACKUP_DIR when that copy holds it intact and agrees with the log
        around it; otherwise its seq holds a repair marker (a log.lost record, shown by
        history and counted here), so the seq chain stays whole. The old files, stray
        files that look like segments and a torn tail go to DIR/damaged/<time>/
        (nothing is deleted); the indexes and checkpoints are rebuilt. It prints
        exactly which seqs were healed and which were lost, and verifies the result.
        A repair killed halfway is finished by the next --repair; until then every
        command refuses the log.

        """

    var repair: Bool
    var backup: String?

    init(_ arguments: ParsedArguments) throws {
        repair = arguments.flag("--repair")
        backup = arguments.string("--from")
        if backup != nil && !repair { throw CLIFailure.usage("option '--from' needs '--repair'") }
    }

    /// Test hook: `TSLOG_TEST_REPAIR_KILL_AT_STEP=N` kills this process with SIGKILL before the
    /// repair's step N (the crash tests run every step).
    static let killAtStepVariable = "TSLOG_TEST_REPAIR_KILL_AT_STEP"

    func run(_ context: CommandContext) throws -> Int32 {
        if repair {
            let killAt = context.environment[Self.killAtStepVariable].flatMap(Int.init)
            let report = try repairLog(directory: context.logDirectory, backup: backup, lockTimeout: 5, step: killAt.map { at in
                { step, _ in if step == at { SystemProcess.killSelf() } }
            })
            try print(report, context)
        }
        let report = try verifyLog(directory: context.logDirectory)
        LogAccess.warnAboutIgnoredFiles(LogReader.ignoredFiles(in: context.logDirectory), context)
        var summary = "ok: \(report.segments) segment\(report.segments == 1 ? "" : "s"), \(report.records) record\(report.records == 1 ? "" : "s"), \(report.bytes) bytes"
        if !report.lostSeqs.isEmpty {
            summary += "; lost in a repair and marked: \(RepairReport.describe(report.lostSeqs))"
        }
        try context.stdout.writeLine(summary)
        return ExitCode.success
    }

    func print(_ report: RepairReport, _ context: CommandContext) throws {
        guard let problem = report.problem else {
            try context.stdout.writeLine("nothing to repair")
            return
        }
        try context.stdout.writeLine("found: \(problem)")
        if let damaged = report.damagedDirectory {
            try context.stdout.writeLine("moved to \(damaged): \(report.movedAside.joined(separator: ", "))")
        }
        if let segment = report.truncatedSegment {
            try context.stdout.writeLine("kept the first \(report.keptBytes) bytes of \(segment) (records up to seq \(report.lastSeq))")
        }
        if report.tornBytes > 0 {
            try context.stdout.writeLine("cut a torn tail of \(report.tornBytes) bytes (an append that never completed)")
        }
        if let backup, !report.healedSeqs.isEmpty {
            try context.stdout.writeLine("healed from \(backup): \(RepairReport.describe(report.healedSeqs))")
        }
        if report.intactMovedAside > 0 {
            try context.stdout.writeLine("moved aside: \(report.intactMovedAside) intact record\(report.intactMovedAside == 1 ? "" : "s") whose seq does not follow")
        }
        var lost = "lost: \(report.lostDescription)"
        if !report.markedSeqs.isEmpty { lost += ", each marked by a log.lost record" }
        try context.stdout.writeLine(lost)
    }
}
