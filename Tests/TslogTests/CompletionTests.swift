import Foundation
import TestSupport
import Testing
@testable import tslog

/// `tslog completion`: scripts generated from the registry, and bash's actually completing.
@Suite("tslog completion")
struct CompletionTests {
    @Test func bashScriptDefinesTheFunctionAndListsEveryCommand() {
        let r = runInProcess(["completion", "bash"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout.contains("_tslog() {\n") && r.stdout.hasSuffix("complete -F _tslog tslog\n"))
        for command in CommandRegistry.commands {
            #expect(r.stdout.contains("        \"\(command.name)\")\n"), "\(command.name)")
            for option in command.allOptions { #expect(r.stdout.contains(option.name), "\(command.name) \(option.name)") }
        }
        #expect(r.stdout.contains(CommandRegistry.topLevelNames.joined(separator: " ") + " --log --help"))
    }

    /// Runs the generated script in bash with `words` typed (the last one being completed).
    static func complete(_ script: String, _ words: [String], in dir: URL) throws -> [String] {
        let file = dir.appendingPathComponent("tslog.bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = "source '\(file.path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _tslog; printf '%s\\n' \"${COMPREPLY[@]}\""
        let out = dir.appendingPathComponent("out").path
        let child = try ChildProcess.spawn("/bin/bash", ["--norc", "-c", program], environment: ["PATH": "/usr/bin:/bin"],
                                           stdout: out, directory: dir.path)
        #expect(try child.wait(timeout: 30) == 0)
        return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test(arguments: [
        (["tslog", "q"], ["query"]),
        (["tslog", "re"], ["report", "replay"]),
        (["tslog", "--log", "x", "pro"], ["project"]),
        (["tslog", "project", ""], ["stats"]),
        (["tslog", "query", "--fo"], ["--format"]),
        (["tslog", "query", "--format", ""], ["table", "json", "csv"]),
        (["tslog", "query", "fa"], ["failed"]),
        (["tslog", "log", "--fol"], ["--follow"]),
        (["tslog", "completion", ""], ["bash", "zsh", "fish"]),
        (["tslog", "help", "comp"], ["completion"]),
    ])
    func bashCompletes(words: [String], expected: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        #expect(try Self.complete(runInProcess(["completion", "bash"]).stdout, words, in: dir) == expected)
    }

    /// Runs the generated script in fish with `line` typed; the candidates, sorted.
    static func completeInFish(_ script: String, _ line: String, in dir: URL) throws -> [String] {
        let file = dir.appendingPathComponent("tslog.fish")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let child = try ChildProcess.spawn("/usr/bin/fish", ["--no-config", "-c", "source '\(file.path)'; complete -C '\(line)'"],
                                           environment: ["PATH": "/usr/bin:/bin", "HOME": dir.path], stdout: out, directory: dir.path)
        #expect(try child.wait(timeout: 30) == 0)
        return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }.sorted()
    }

    /// fish tells `images verify` from `verify` and skips `--log DIR` as bash does: before, it
    /// offered `tslog verify`'s `--repair` and `--from` after `tslog images verify`, the other
    /// subcommands after `tslog images fetch`, and no command after `tslog --log DIR`.
    @Test(arguments: [
        ("tslog images verify --", ["--help", "--log"]),
        ("tslog verify --", ["--from", "--help", "--log", "--repair"]),
        ("tslog images fetch ", []),
        ("tslog images ", ["check", "fetch", "prune", "verify"]),
        ("tslog --log x pro", ["project"]),
        ("tslog project stats --f", ["--format"]),
        ("tslog query --format ", ["csv", "json", "table"]),
    ])
    func fishCompletes(line: String, expected: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/fish") else {
            // In CI (`.ci/run` installs fish) a missing fish is a failure, not a skip.
            #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_FISH"] != "1", "TSLOG_REQUIRE_FISH=1 but /usr/bin/fish is missing")
            print("skipping: /usr/bin/fish is missing (apt-get install fish)")
            return
        }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        #expect(try Self.completeInFish(runInProcess(["completion", "fish"]).stdout, line, in: dir) == expected)
    }

    @Test func zshAndFishScriptsCoverEveryCommand() {
        let zsh = runInProcess(["completion", "zsh"]).stdout
        #expect(zsh.contains("bashcompinit") && zsh.contains("complete -F _tslog tslog"))
        let fish = runInProcess(["completion", "fish"]).stdout
        for name in CommandRegistry.topLevelNames {
            #expect(fish.contains("complete -c tslog -n '__tslog_is \"\"' -a \(name) -d '"), "\(name)")
        }
        #expect(fish.contains("-l format -x -a 'table json csv'"))
        #expect(fish.contains("-a 'Copy the log\\'s events") == false && fish.contains("'Copy the log\\'s events"))
        #expect(runInProcess(["completion", "tcsh"]).status == 64)
    }
}
