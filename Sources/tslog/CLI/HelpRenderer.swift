/// Renders help pages and usage errors. Help goes to standard output; the texts are pinned by
/// tests, so they are laid out for a fixed 80 columns whatever the terminal's width.
enum HelpRenderer {
    /// Total width help text is wrapped to.
    static let width = 80
    /// The widest label column; longer labels put their description on the next line.
    static let maximumLabelColumn = 26

    /// `tslog --help`, `tslog help`.
    static func topLevel() -> String {
        var out = "tslog keeps an image-labelling app's training samples as an append-only,\n"
        out += "event-sourced log of JSON lines, and answers the app's questions from it.\n\n"
        out += "Usage: tslog COMMAND [options]\n\n"
        let rows = CommandRegistry.commands.map { ($0.name, $0.abstract) }
        let optionRows = GlobalOptions.all.map(optionRow)
            + [("--version", "Print the version of tslog and of its formats.")]
        let column = labelColumn(for: rows + optionRows)
        out += "Commands:\n" + table(rows, column: column)
        out += "\nGlobal options:\n" + table(optionRows, column: column)
        out += "\nSee 'tslog help COMMAND' for more about a command.\n"
        return out
    }

    /// `tslog CMD --help`, `tslog help CMD`.
    static func command(_ command: any Command.Type) -> String {
        var out = wrap(command.abstract, width: width) + "\n\n"
        out += usageBlock(command.usage)
        let argumentRows = command.arguments.map { ($0.name, $0.help) }
        let optionRows = command.allOptions.map(optionRow)
        let column = labelColumn(for: argumentRows + optionRows)
        if !argumentRows.isEmpty { out += "\nArguments:\n" + table(argumentRows, column: column) }
        out += "\nOptions:\n" + table(optionRows, column: column)
        if !command.discussion.isEmpty {
            out += "\n" + command.discussion
            if !command.discussion.hasSuffix("\n") { out += "\n" }
        }
        return out
    }

    /// `tslog project --help`, `tslog help project`.
    static func group(_ name: String) -> String {
        let abstract = CommandRegistry.groupAbstracts[name] ?? "Commands under '\(name)'."
        var out = wrap(abstract, width: width) + "\n\n"
        out += usageBlock(["tslog \(name) SUBCOMMAND [options]"])
        let rows = CommandRegistry.members(of: name).map { command in
            (String(command.name.dropFirst(name.count + 1)), command.abstract)
        }
        out += "\nSubcommands:\n" + table(rows, column: labelColumn(for: rows))
        out += "\nSee 'tslog help \(name) SUBCOMMAND' for more about a subcommand.\n"
        return out
    }

    /// The three lines of a usage error (each ending in a newline).
    static func usageError(_ message: String, usage: String, helpCommand: String) -> String {
        "Error: \(message)\nUsage: \(usage)\nSee '\(helpCommand)' for more information.\n"
    }

    /// `Usage: first` then the other lines aligned under it.
    private static func usageBlock(_ lines: [String]) -> String {
        var out = ""
        for (i, line) in lines.enumerated() {
            let lead = i == 0 ? "Usage: " : "       "
            out += lead + wrapUsage(line, indent: lead.count) + "\n"
        }
        return out
    }

    /// Breaks a synopsis that would pass `width` before its `[...]` groups, continuing under
    /// the first group: `tslog log [--from-seq N] … [--format table|json]` / `[--limit N]`.
    static func wrapUsage(_ line: String, indent: Int) -> String {
        guard indent + line.count > width else { return line }
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for character in line {
            if character == "[", depth == 0, current.hasSuffix(" ") {
                pieces.append(String(current.dropLast()))
                current = ""
            }
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
            current.append(character)
        }
        pieces.append(current)
        let continuation = String(repeating: " ", count: indent + pieces[0].count + 1)
        var out = pieces[0]
        var column = indent + pieces[0].count
        for piece in pieces.dropFirst() {
            if column + 1 + piece.count > width {
                out += "\n" + continuation + piece
                column = continuation.count + piece.count
            } else {
                out += " " + piece
                column += 1 + piece.count
            }
        }
        return out
    }

    /// The label and description of one option line.
    static func optionRow(_ option: OptionSpec) -> (String, String) {
        var label = option.name == "--help" ? "-h, --help" : option.name
        if let value = option.valueName { label += " " + value }
        var text = option.help
        if option.isRepeatable { text += " (repeatable)" }
        if let d = option.defaultDescription ?? option.defaultValue { text += " (default: \(d))" }
        return (label, text)
    }

    private static func labelColumn(for rows: [(String, String)]) -> Int {
        let widest = rows.map { $0.0.count }.max() ?? 0
        return min(widest + 2, maximumLabelColumn)
    }

    /// Two-space indented rows: the label, padding to `column`, the wrapped description.
    private static func table(_ rows: [(String, String)], column: Int) -> String {
        let indent = String(repeating: " ", count: 2 + column)
        var out = ""
        for (label, text) in rows {
            let lines = wrap(text, width: width - 2 - column).split(separator: "\n", omittingEmptySubsequences: false)
            if label.count + 2 > column {
                out += "  \(label)\n"
                for line in lines { out += indent + line + "\n" }
            } else {
                let padding = String(repeating: " ", count: column - label.count)
                for (i, line) in lines.enumerated() {
                    out += (i == 0 ? "  \(label)\(padding)" : indent) + line + "\n"
                }
            }
        }
        return out
    }

    /// Greedy word wrap to `width` columns; a word longer than the width gets a line of its own.
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
