import EventLog
import Projections

/// Runs `tslog` with `arguments` (the first is the program name, as in `CommandLine.arguments`)
/// and returns the exit status: 0 success (and help), 1 failure, 64 usage error.
///
/// Help is written to standard output; errors to standard error. Standard output is flushed
/// before an error is printed so the two come out in order. When the reader of standard
/// output goes away (EPIPE), the command stops at its next write and the status is 0.
/// Nothing here reads process globals: `main.swift` passes the real environment and streams.
func tslogMain(arguments: [String], environment: [String: String], io: IO) -> Int32 {
    var invocation = Invocation(environment: environment, io: io)
    let status: Int32
    do {
        status = try invocation.run(Array(arguments.dropFirst()))
    } catch {
        return invocation.report(error)
    }
    do {
        try io.stdout.flush()
    } catch {
        return invocation.report(error)
    }
    return status
}

/// Runs one command type directly on `words` (the words after its name), with the same
/// parsing, validation, error reporting and exit statuses as `tslogMain`. For tests that need a
/// command of their own; `tslogMain` reaches commands through `CommandRegistry`.
func tslogRun(_ type: any Command.Type, words: [String], environment: [String: String], io: IO) -> Int32 {
    var invocation = Invocation(environment: environment, io: io)
    invocation.scope = .command(type)
    let status: Int32
    do {
        status = try invocation.execute(type, words: words, leading: [])
        try io.stdout.flush()
    } catch {
        return invocation.report(error)
    }
    return status
}

/// One run of `tslog`: tracks which help page a usage error should point to.
fileprivate struct Invocation {
    /// Where on the command tree parsing got to; decides the `Usage:` and `See` lines.
    enum Scope {
        case topLevel
        case group(String)
        case command(any Command.Type)
    }

    let environment: [String: String]
    let io: IO
    var scope: Scope = .topLevel

    init(environment: [String: String], io: IO) {
        self.environment = environment
        self.io = io
    }

    mutating func run(_ words: [String]) throws -> Int32 {
        // Global options may come before the command words: `tslog --log DIR query labels`.
        var leading: [String] = []
        var index = 0
        while index < words.count, words[index].hasPrefix("-"), words[index] != "-" {
            let word = words[index]
            if word == "--help" || word == "-h" { return try printHelp(HelpRenderer.topLevel()) }
            if word == "--version" { return try printHelp(Version.line + "\n") }
            if word == "--" { index += 1; break }
            leading.append(word)
            index += 1
            if word == "--log", index < words.count { leading.append(words[index]); index += 1 }
        }
        // Check the leading options now, so `tslog --lgo x` fails at the top level.
        _ = try ArgumentParser.parse(leading, commandName: "", options: GlobalOptions.all, arguments: [])
        let rest = Array(words[index...])
        if rest.isEmpty { throw CLIFailure.usage("missing command") }
        if CommandRegistry.groupNames.contains(rest[0]) { scope = .group(rest[0]) }

        switch try CommandRegistry.resolve(rest) {
        case .group(let name, let after):
            scope = .group(name)
            if ArgumentParser.containsHelp(after) { return try printHelp(HelpRenderer.group(name)) }
            let names = CommandRegistry.members(of: name).map { $0.name.split(separator: " ").last.map(String.init) ?? "" }
            throw CLIFailure.usage("missing subcommand for 'tslog \(name)': expected one of \(names.joined(separator: ", "))")
        case .command(let type, let after):
            scope = .command(type)
            return try execute(type, words: after, leading: leading)
        }
    }

    /// Help, or parse, build, validate and run `type`.
    func execute(_ type: any Command.Type, words after: [String], leading: [String]) throws -> Int32 {
        if ArgumentParser.containsHelp(after) { return try printHelp(HelpRenderer.command(type)) }
        let parsed = try ArgumentParser.parse(leading + after, for: type)
        let command = try type.init(parsed)
        try command.validate()
        let context = CommandContext(
            arguments: parsed,
            io: io,
            environment: environment,
            logDirectory: GlobalOptions.logDirectory(parsed, environment: environment),
            terminal: Terminal.detect(fileDescriptor: io.stdout.fileDescriptor, environment: environment))
        return try command.run(context)
    }

    private func printHelp(_ text: String) throws -> Int32 {
        try io.stdout.write(text)
        return ExitCode.success
    }

    /// Prints `error` the way its kind asks and returns the exit status. A write that can be
    /// tried again (the writer's, or any that ran out of a resource, e.g. storing an image) is
    /// advised in the failed command's words (`Command.retry`).
    func report(_ error: any Error) -> Int32 {
        if case OutputWriteError.closedByReader = error { return ExitCode.success }
        var error = error
        if var failed = error as? LogError, failed.retry != nil || failed.shortage != nil,
           case .command(let type) = scope, let retry = type.retry {
            failed.retry = retry
            error = failed
        }
        try? io.stdout.flush()
        let text: String
        let status: Int32
        switch error {
        // Messages name what the user gave (paths, words, file names): escaped for the terminal.
        case let failure as CLIFailure where failure.kind == .usage:
            let (usage, help) = usageAndHelp()
            text = HelpRenderer.usageError(TerminalText.escapedForMessage(failure.message), usage: usage, helpCommand: help)
            status = ExitCode.usage
        case let failure as CLIFailure:
            text = "Error: \(TerminalText.escapedForMessage(failure.message))\n"
            status = ExitCode.failure
        default:
            text = "Error: \(TerminalText.escapedForMessage(String(describing: error)))\n"
            status = ExitCode.failure
        }
        try? io.stderr.write(text)
        try? io.stderr.flush()
        return status
    }

    private func usageAndHelp() -> (usage: String, help: String) {
        switch scope {
        case .topLevel:
            return ("tslog COMMAND [options]", "tslog --help")
        case .group(let name):
            return ("tslog \(name) SUBCOMMAND [options]", "tslog \(name) --help")
        case .command(let type):
            return (type.usage.first ?? "tslog \(type.name) [options]", "tslog \(type.name) --help")
        }
    }
}
