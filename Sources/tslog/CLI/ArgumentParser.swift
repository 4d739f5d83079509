/// Turns the words after the command name into `ParsedArguments`, checking them against the
/// command's declared options and arguments.
///
/// Grammar:
/// - `--name VALUE` or `--name=VALUE` for an option; `--name` alone for a flag.
///   A following word that starts with `--` is not taken as a value (`--log --format` is a
///   missing value, not a directory called `--format`); `-` is a value (standard input).
/// - `-h` is `--help`. No other single-dash options exist.
/// - Any other word is positional; after `--` every word is positional.
/// - A non-repeatable option given twice is an error, as is a value on a flag.
enum ArgumentParser {
    /// Whether `--help` or `-h` appears before any `--`.
    static func containsHelp(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "--help" || word == "-h" { return true }
        }
        return false
    }

    /// Parses `words` for `command`.
    static func parse(_ words: [String], for command: any Command.Type) throws(CLIFailure) -> ParsedArguments {
        try parse(words, commandName: command.name, options: command.allOptions, arguments: command.arguments)
    }

    /// Parses `words` against explicit specs (what `parse(_:for:)` uses; tests call it directly).
    static func parse(
        _ words: [String], commandName: String, options: [OptionSpec], arguments: [ArgumentSpec]
    ) throws(CLIFailure) -> ParsedArguments {
        var values: [String: [String]] = [:]
        var positionals: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            var name = word
            var inlineValue: String? = nil
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            if name == "-h" { name = "--help" }
            guard let spec = options.first(where: { $0.name == name }) else {
                throw .usage(Suggestion.message(
                    "unknown option '\(name)'", typed: name, among: options.map(\.name)))
            }
            let value: String
            if spec.isFlag {
                if inlineValue != nil { throw .usage("option '\(name)' does not take a value") }
                value = ""
            } else if let inlineValue {
                value = inlineValue
            } else if index < words.count, !words[index].hasPrefix("--") {
                value = words[index]
                index += 1
            } else {
                value = ""
            }
            if !spec.isFlag {
                if value.isEmpty { throw .usage("missing value for option '\(name) \(spec.valueName ?? "")'") }
                try spec.kind.check(value, subject: "'\(name)'")
            }
            if values[name] != nil, !spec.isRepeatable {
                throw .usage("option '\(name)' was given more than once")
            }
            values[name, default: []].append(value)
        }
        try assign(positionals, to: arguments, into: &values)
        return ParsedArguments(commandName: commandName, values: values, options: options, arguments: arguments)
    }

    /// Hands positional words to the argument specs in order.
    private static func assign(
        _ positionals: [String], to arguments: [ArgumentSpec], into values: inout [String: [String]]
    ) throws(CLIFailure) {
        var rest = positionals[...]
        for argument in arguments {
            let taken: [String]
            if argument.isVariadic {
                taken = Array(rest)
                rest = []
            } else if let first = rest.first {
                taken = [first]
                rest = rest.dropFirst()
            } else {
                taken = []
            }
            if taken.isEmpty {
                if argument.isOptional { continue }
                throw .usage("missing argument \(argument.name)")
            }
            for word in taken { try argument.kind.check(word, subject: argument.name) }
            values[argument.name] = taken
        }
        if let extra = rest.first { throw .usage("unexpected argument '\(extra)'") }
    }
}
