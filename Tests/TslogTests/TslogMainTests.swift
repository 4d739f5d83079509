import Foundation
import Testing
@testable import tslog

#if canImport(Glibc)
import Glibc
#endif

@Suite("tslogMain in-process")
struct TslogMainTests {
    @Test(arguments: [["--help"], ["-h"], ["help"], ["--log", "x", "--help"]])
    func topLevelHelp(words: [String]) {
        let r = runInProcess(words)
        #expect(r.status == 0)
        #expect(r.stdout == HelpRenderer.topLevel())
        #expect(r.stderr == "")
    }

    @Test(arguments: [
        ["query", "--help"], ["query", "-h"], ["help", "query"], ["query", "labels", "--form", "--help"],
    ])
    func queryHelp(words: [String]) {
        let r = runInProcess(words)
        #expect(r.status == 0)
        #expect(r.stdout == HelpRenderer.command(QueryCommand.self))
        #expect(r.stderr == "")
    }

    @Test func subcommandAndGroupHelp() {
        for words in [["project", "stats", "--help"], ["help", "project", "stats"]] {
            let r = runInProcess(words)
            #expect(r.status == 0 && r.stdout == HelpRenderer.command(ProjectStatsCommand.self))
        }
        for words in [["project", "--help"], ["help", "project"]] {
            let r = runInProcess(words)
            #expect(r.status == 0 && r.stdout == HelpRenderer.group("project"))
        }
    }

    @Test(arguments: [
        (["apend"], "unknown command 'apend'. Did you mean 'append'?", "tslog COMMAND [options]", "tslog --help"),
        ([], "missing command", "tslog COMMAND [options]", "tslog --help"),
        (["--lgo", "x"], "unknown option '--lgo'. Did you mean '--log'?", "tslog COMMAND [options]", "tslog --help"),
        (["query", "--form", "json"], "unknown option '--form'. Did you mean '--format'?",
         "tslog query NAME [options]", "tslog query --help"),
        (["query", "labels", "--as-of-seq", "3", "--as-of", "2026-01-01T00:00:00Z"],
         "options '--as-of-seq' and '--as-of' cannot be used together", "tslog query NAME [options]", "tslog query --help"),
        (["log", "--limit", "many"], "invalid value 'many' for '--limit': expected an integer",
         "tslog log [--from-seq N] [--type T] [--sample ID] [--format table|json] [--limit N]", "tslog log --help"),
        (["project"], "missing subcommand for 'tslog project': expected one of stats",
         "tslog project SUBCOMMAND [options]", "tslog project --help"),
        (["project", "stat"], "unknown command 'project stat'. Did you mean 'project stats'?",
         "tslog project SUBCOMMAND [options]", "tslog project --help"),
        (["help", "qeury"], "unknown command 'qeury'. Did you mean 'query'?", "tslog help [COMMAND]", "tslog help --help"),
        (["demo", "--samples"], "missing value for option '--samples N'",
         "tslog demo [--samples N] [--seed S] [--log DIR]", "tslog demo --help"),
        (["verify", "now"], "unexpected argument 'now'", "tslog verify [--log DIR]", "tslog verify --help"),
    ])
    func usageErrors(words: [String], message: String, usage: String, help: String) {
        let r = runInProcess(words)
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(r.stderr == "Error: \(message)\nUsage: \(usage)\nSee '\(help)' for more information.\n")
    }

    @Test func leadingGlobalOptionReachesTheCommand() {
        let r = runInProcess(["--log", "somewhere", "--log", "twice", "verify"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: option '--log' was given more than once\n"))
    }
}

/// Commands of the tests' own, run through `tslogRun`, to pin what the framework does with
/// what a body writes, returns and throws.
private struct EchoCommand: Command {
    static let name = "echo"
    static let abstract = "Echo for tests."
    static let options: [OptionSpec] = [
        .option("--mode", nil, .choice(["ok", "runtime", "usage", "other", "status", "flood", "lines"]), help: "What to do.", default: "ok"),
        .option("--file", "F", help: "Input file."),
    ]

    struct Boom: Error, CustomStringConvertible {
        var description: String { "disk on fire (errno 5)" }
    }

    var mode: String
    var file: String?

    init(_ arguments: ParsedArguments) {
        mode = arguments.string("--mode") ?? "ok"
        file = arguments.string("--file")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        try context.stdout.write("dir=\(context.logDirectory)\n")
        switch mode {
        case "runtime": throw CLIFailure.runtime("line 3: field 'label': empty label")
        case "usage": throw CLIFailure.usage("query 'x' needs --label L")
        case "other": throw Boom()
        case "status": return 3
        case "flood":
            // Far more than any pipe buffer: must stop at the first EPIPE.
            for i in 0..<1_000_000 { try context.stdout.writeLine("line \(i)") }
            return 0
        case "lines":
            let lines = try context.withInputLines(file: file) { reader in
                var numbers: [Int] = []
                while let line = try reader.next() { numbers.append(line.number) }
                return numbers
            }
            try context.stdout.writeLine(lines.map(String.init).joined(separator: ","))
            return 0
        default: return 0
        }
    }
}

@Suite("Command bodies through the framework")
struct CommandBodyTests {
    private func run(_ words: [String], environment: [String: String] = [:], stdin: [UInt8] = []) -> InProcessResult {
        let io = IO.capturing(stdin: stdin)
        let status = tslogRun(EchoCommand.self, words: words, environment: environment, io: io)
        return InProcessResult(status: status, stdout: io.stdout.capturedText, stderr: io.stderr.capturedText)
    }

    @Test func logDirectoryPrecedence() {
        #expect(run([]).stdout == "dir=./tslog-data\n")
        #expect(run([], environment: ["TSLOG_DIR": ""]).stdout == "dir=./tslog-data\n")
        #expect(run([], environment: ["TSLOG_DIR": "/env"]).stdout == "dir=/env\n")
        #expect(run(["--log", "/flag"], environment: ["TSLOG_DIR": "/env"]).stdout == "dir=/flag\n")
        #expect(run(["--log=/eq"]).stdout == "dir=/eq\n")
    }

    @Test func failuresAndStatuses() {
        let runtime = run(["--mode", "runtime"])
        #expect(runtime.status == 1)
        #expect(runtime.stdout == "dir=./tslog-data\n")
        #expect(runtime.stderr == "Error: line 3: field 'label': empty label\n")

        let usage = run(["--mode", "usage"])
        #expect(usage.status == 64)
        #expect(usage.stderr == "Error: query 'x' needs --label L\nUsage: tslog echo [options]\nSee 'tslog echo --help' for more information.\n")

        let other = run(["--mode", "other"])
        #expect(other.status == 1)
        #expect(other.stderr == "Error: disk on fire (errno 5)\n")

        #expect(run(["--mode", "status"]).status == 3)
    }

    @Test func inputLinesFromStdinAndFile() throws {
        let stdin = Array("a\n\nb\r\n  \nc".utf8)
        #expect(run(["--mode", "lines"], stdin: stdin).stdout == "dir=./tslog-data\n1,3,5\n")
        #expect(run(["--mode", "lines", "--file", "-"], stdin: stdin).stdout == "dir=./tslog-data\n1,3,5\n")

        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let path = directory.appendingPathComponent("in.jsonl").path
        try Data("x\ny\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(run(["--mode", "lines", "--file", path]).stdout == "dir=./tslog-data\n1,2\n")

        let missing = directory.appendingPathComponent("nope.jsonl").path
        let r = run(["--mode", "lines", "--file", missing])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: cannot open '\(missing)': No such file or directory\n")
    }

    @Test func closedStdoutStopsQuietlyWithStatusZero() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let io = IO(stdin: .bytes([]),
                    stdout: OutputWriter(fileDescriptor: fds[1], streamName: "standard output"),
                    stderr: OutputWriter(capturingAs: "standard error"))
        let status = tslogRun(EchoCommand.self, words: ["--mode", "flood"], environment: [:], io: io)
        #expect(status == 0)
        #expect(io.stderr.capturedText == "")
    }
}
