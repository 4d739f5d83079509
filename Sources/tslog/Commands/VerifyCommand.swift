/// `tslog verify`: checks the log's integrity end to end.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check every record's checksum, the seq chain and the segment files."
    static let usage = ["tslog verify [--log DIR]"]
    static let discussion = """
        Exits 0 when the log is sound and 1 after listing each problem found (segment,
        byte offset and seq).

        """

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> Int32 {
        throw CLIFailure.notImplemented(Self.name)
    }
}
