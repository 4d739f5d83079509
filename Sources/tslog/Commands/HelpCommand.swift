/// `tslog help [COMMAND]`: the same pages as `--help`.
struct HelpCommand: Command {
    static let name = "help"
    static let abstract = "Show help for tslog or one of its commands."
    static let usage = ["tslog help [COMMAND]"]
    static let arguments = [
        ArgumentSpec(name: "COMMAND", kind: .string, help: "The command, e.g. query or project stats.",
                     isOptional: true, isVariadic: true),
    ]

    /// The command words; empty for the overview.
    var words: [String]

    init(_ arguments: ParsedArguments) {
        words = arguments.strings("COMMAND")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let text: String
        if words.isEmpty {
            text = HelpRenderer.topLevel()
        } else {
            switch try CommandRegistry.resolve(words) {
            case .group(let name, let rest):
                if let extra = rest.first { throw CLIFailure.usage("unexpected argument '\(extra)'") }
                text = HelpRenderer.group(name)
            case .command(let command, let rest):
                if let extra = rest.first { throw CLIFailure.usage("unexpected argument '\(extra)'") }
                text = HelpRenderer.command(command)
            }
        }
        try context.stdout.write(text)
        return ExitCode.success
    }
}
