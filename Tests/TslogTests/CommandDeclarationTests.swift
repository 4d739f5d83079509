import EventLog
import SampleDomain
import Testing
@testable import tslog

/// The declared commands: consistent specs, and typed values reaching the command.
@Suite("Command declarations")
struct CommandDeclarationTests {
    @Test func namesAreUniqueAndUsageLinesNameTheCommand() {
        let names = CommandRegistry.commands.map { $0.name }
        #expect(Set(names).count == names.count)
        #expect(names == ["append", "log", "verify", "query", "project stats", "history", "export", "images fetch", "images verify", "images check", "images prune", "report", "import", "replay", "tag", "tags", "diff", "serve", "demo", "completion", "help"])
        for command in CommandRegistry.commands {
            #expect(!command.usage.isEmpty)
            for line in command.usage { #expect(line.hasPrefix("tslog \(command.name)")) }
            #expect(command.abstract.hasSuffix("."), "\(command.name)")
        }
    }

    @Test func everyDefaultIsAValidValueAndOptionNamesAreUnique() throws {
        for command in CommandRegistry.commands {
            let names = command.allOptions.map(\.name)
            #expect(Set(names).count == names.count, "\(command.name)")
            for option in command.allOptions where option.defaultValue != nil {
                try option.kind.check(option.defaultValue ?? "", subject: option.name)
            }
            for (i, argument) in command.arguments.enumerated() where argument.isVariadic {
                #expect(i == command.arguments.count - 1, "only the last argument may be variadic")
            }
        }
    }

    private func command<C: Command>(_ type: C.Type, _ words: [String]) throws -> C {
        let command = try C(ArgumentParser.parse(words, for: type))
        try command.validate()
        return command
    }

    @Test func queryValues() throws {
        let q = try command(QueryCommand.self, ["labels", "--label-type=region", "--format", "csv", "--as-of-seq", "12"])
        #expect(q.query == .labels)
        #expect(q.labelType == .region)
        #expect(q.format == .csv)
        #expect(q.asOf == .seq(12))
        #expect(q.limit == nil)
        let d = try command(QueryCommand.self, ["daily"])
        #expect(d.days == 30)
        #expect(d.labelType == .grade)
        #expect(d.asOf == .end)
        let b = try command(QueryCommand.self, ["balance", "--below", "3", "--as-of", "2026-01-02T03:04:05Z"])
        #expect(b.below == 3)
        #expect(b.asOf == .time(try #require(Timestamp(rfc3339: "2026-01-02T03:04:05Z"))))
        let s = try command(QueryCommand.self, ["samples", "--label", "heavy_wear"])
        #expect(s.label == "heavy_wear")
    }

    @Test(arguments: [
        (["labels", "--as-of-seq", "3", "--as-of", "2026-01-01T00:00:00Z"],
         "options '--as-of-seq' and '--as-of' cannot be used together"),
        (["overall", "--days", "3"], "option '--days' does not apply to query 'overall'"),
        (["labels", "--label", "x"], "option '--label' does not apply to query 'labels'"),
        (["samples"], "query 'samples' needs --label L"),
        (["faild"], "invalid value 'faild' for NAME: expected one of label-types, labels, failed, daily, samples, accepted, scans, balance, overall, problems. Did you mean 'failed'?"),
        (["labels", "--label-type", "color"], "invalid value 'color' for '--label-type': expected one of defect, region, grade"),
        (["labels", "--format", "xml"], "invalid value 'xml' for '--format': expected one of table, json, csv"),
        (["labels", "extra"], "unexpected argument 'extra'"),
    ])
    func queryRefusals(words: [String], message: String) {
        #expect(throws: CLIFailure.usage(message)) { try command(QueryCommand.self, words) }
    }

    @Test func logValues() throws {
        let id = "0B9E6A52-7C1D-4F3E-9A2B-5C8D7E6F1A20"
        let l = try command(LogCommand.self, ["--type", "sample.deleted", "--type=nyckel.responded", "--sample", id, "--limit", "1"])
        #expect(l.types == [.sampleDeleted, .nyckelResponded])
        #expect(l.samples == [try #require(SampleID(id))])
        #expect(l.limit == 1)
        #expect(l.format == .table)
        #expect(throws: CLIFailure.usage("invalid value 'csv' for '--format': expected one of table, json")) {
            try command(LogCommand.self, ["--format", "csv"])
        }
    }

    @Test func otherCommandsValues() throws {
        let a = try command(AppendCommand.self, ["--file", "events.jsonl", "--no-sync"])
        #expect(a.file == "events.jsonl" && a.noSync && !a.skipInvalid)
        let d = try command(DemoCommand.self, [])
        #expect(d.samples == 2000 && d.seed == 1)
        let p = try command(ProjectStatsCommand.self, ["--format", "json", "--as-of-seq", "0"])
        #expect(p.asOf == .seq(0) && p.format == .json)
        #expect(throws: CLIFailure.usage("options '--as-of-seq' and '--as-of' cannot be used together")) {
            try command(ProjectStatsCommand.self, ["--as-of-seq", "1", "--as-of", "2026-01-01T00:00:00Z"])
        }
        let h = try command(HistoryCommand.self, ["0b9e6a52-7c1d-4f3e-9a2b-5c8d7e6f1a20"])
        #expect(h.sample.description == "0b9e6a52-7c1d-4f3e-9a2b-5c8d7e6f1a20")
        #expect(throws: CLIFailure.usage("missing argument SAMPLE_ID")) { try command(HistoryCommand.self, []) }
    }
}
