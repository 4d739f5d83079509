import EventLog

/// `tslog verify`: checks the log's integrity end to end.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check every record's checksum, the seq chain and the segment files."
    static let usage = ["tslog verify [--log DIR]"]
    static let discussion = """
        Exits 0 with a one-line summary when the log is sound, and 1 naming the first
        bad place (segment, byte offset, line and seq) otherwise. A torn tail left by a
        crash is reported too; the next append cuts it.

        """

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> Int32 {
        let report = try verifyLog(directory: context.logDirectory)
        try context.stdout.writeLine(
            "ok: \(report.segments) segment\(report.segments == 1 ? "" : "s"), \(report.records) record\(report.records == 1 ? "" : "s"), \(report.bytes) bytes")
        return ExitCode.success
    }
}
