/// Every `tslog` command, in the order help lists them, and how command words find one.
enum CommandRegistry {
    /// All commands. Multi-word names (`project stats`) form groups by their first word.
    static var commands: [any Command.Type] {
        [
            AppendCommand.self,
            LogCommand.self,
            VerifyCommand.self,
            QueryCommand.self,
            ProjectStatsCommand.self,
            HistoryCommand.self,
            ExportCommand.self,
            ImagesFetchCommand.self,
            ImagesVerifyCommand.self,
            ImagesCheckCommand.self,
            ImagesPruneCommand.self,
            ReportCommand.self,
            ImportCommand.self,
            ReplayCommand.self,
            TagCommand.self,
            TagsCommand.self,
            DiffCommand.self,
            ServeCommand.self,
            DemoCommand.self,
            CompletionCommand.self,
            HelpCommand.self,
        ]
    }

    /// One-line descriptions of the command groups, for `tslog project --help`.
    static let groupAbstracts: [String: String] = [
        "project": "Inspect the in-memory projections built from the log.",
        "images": "Download, verify and check the samples' images.",
    ]

    /// What the command words named.
    enum Resolution {
        /// A command, and the words after its name.
        case command(any Command.Type, rest: [String])
        /// A group name with no subcommand after it (`tslog project`, `tslog project --help`).
        case group(String, rest: [String])
    }

    /// The group names, e.g. `["project"]`.
    static var groupNames: [String] {
        var seen: [String] = []
        for command in commands {
            let words = command.name.split(separator: " ")
            if words.count > 1, !seen.contains(String(words[0])) { seen.append(String(words[0])) }
        }
        return seen
    }

    /// The first words of all commands, in help order, without repeats.
    static var topLevelNames: [String] {
        var seen: [String] = []
        for command in commands {
            let first = String(command.name.split(separator: " ")[0])
            if !seen.contains(first) { seen.append(first) }
        }
        return seen
    }

    /// The commands of group `group`.
    static func members(of group: String) -> [any Command.Type] {
        commands.filter { $0.name.hasPrefix(group + " ") }
    }

    /// Finds the command named by the first word(s) of `words`.
    ///
    /// - Throws: `CLIFailure.usage` for an unknown command or subcommand, with a suggestion.
    static func resolve(_ words: [String]) throws(CLIFailure) -> Resolution {
        guard let first = words.first else { throw .usage("missing command") }
        if let command = commands.first(where: { $0.name == first }) {
            return .command(command, rest: Array(words.dropFirst()))
        }
        if groupNames.contains(first) {
            guard words.count > 1, !words[1].hasPrefix("-") else {
                return .group(first, rest: Array(words.dropFirst()))
            }
            let full = "\(first) \(words[1])"
            if let command = commands.first(where: { $0.name == full }) {
                return .command(command, rest: Array(words.dropFirst(2)))
            }
            throw .usage(Suggestion.message(
                "unknown command '\(full)'", typed: full, among: members(of: first).map { $0.name }))
        }
        throw .usage(Suggestion.message("unknown command '\(first)'", typed: first, among: topLevelNames))
    }
}
