import Testing
@testable import tslog

/// A command shape with one of everything, independent of the real commands.
private enum Specs {
    static let options: [OptionSpec] = [
        .option("--file", "F", help: "A file."),
        .flag("--quiet", help: "Say less."),
        .option("--tag", "T", help: "A tag.", repeatable: true),
        .option("--count", "N", .integer(minimum: 1), help: "A count.", default: "5"),
        .option("--format", nil, .choice(["table", "json", "csv"]), help: "Format.", default: "table"),
        .option("--at", "TIME", .timestamp, help: "A time."),
    ] + GlobalOptions.all
    static let arguments = [
        ArgumentSpec(name: "NAME", kind: .string, help: "A name."),
        ArgumentSpec(name: "REST", kind: .string, help: "More.", isOptional: true, isVariadic: true),
    ]

    static func parse(_ words: [String]) throws(CLIFailure) -> ParsedArguments {
        try ArgumentParser.parse(words, commandName: "test", options: options, arguments: arguments)
    }
}

@Suite("Argument parser")
struct ArgumentParserTests {
    @Test func spaceAndEqualsFormsGiveTheSameValue() throws {
        let a = try Specs.parse(["x", "--file", "in.jsonl", "--count", "7"])
        let b = try Specs.parse(["x", "--file=in.jsonl", "--count=7"])
        #expect(a.string("--file") == "in.jsonl")
        #expect(b.string("--file") == "in.jsonl")
        #expect(a.integer("--count") == 7)
        #expect(b.integer("--count") == 7)
    }

    @Test func equalsFormKeepsLaterEqualsSigns() throws {
        let p = try Specs.parse(["x", "--file=a=b"])
        #expect(p.string("--file") == "a=b")
    }

    @Test func defaultsApplyOnlyWhenAbsent() throws {
        let p = try Specs.parse(["x"])
        #expect(p.integer("--count") == 5)
        #expect(p.string("--format") == "table")
        #expect(!p.isGiven("--count"))
        #expect(p.string("--file") == nil)
        #expect(!p.flag("--quiet"))
    }

    @Test func flagsAndRepeatedOptions() throws {
        let p = try Specs.parse(["--tag", "a", "x", "--quiet", "--tag=b", "--tag", "c"])
        #expect(p.flag("--quiet"))
        #expect(p.strings("--tag") == ["a", "b", "c"])
        #expect(p.string("--tag") == "c")
    }

    @Test func positionalsAndTerminator() throws {
        let p = try Specs.parse(["first", "--quiet", "--", "--file", "-x", "--"])
        #expect(p.string("NAME") == "first")
        #expect(p.strings("REST") == ["--file", "-x", "--"])
        #expect(p.string("--file") == nil)
        #expect(p.flag("--quiet"))
    }

    @Test func singleDashIsAValue() throws {
        let p = try Specs.parse(["-", "--file", "-"])
        #expect(p.string("NAME") == "-")
        #expect(p.string("--file") == "-")
    }

    @Test func shortHelpIsLongHelp() throws {
        #expect(try Specs.parse(["x", "-h"]).flag("--help"))
        #expect(ArgumentParser.containsHelp(["query", "-h"]))
        #expect(ArgumentParser.containsHelp(["query", "--form", "--help"]))
        #expect(!ArgumentParser.containsHelp(["query", "--", "--help"]))
    }

    @Test(arguments: [
        (["x", "--form", "json"], "unknown option '--form'. Did you mean '--format'?"),
        (["x", "--form=json"], "unknown option '--form'. Did you mean '--format'?"),
        (["x", "--zebra"], "unknown option '--zebra'"),
        (["x", "-q"], "unknown option '-q'"),
        (["x", "--file"], "missing value for option '--file F'"),
        (["x", "--file", "--quiet"], "missing value for option '--file F'"),
        (["x", "--file="], "missing value for option '--file F'"),
        (["x", "--quiet=yes"], "option '--quiet' does not take a value"),
        (["x", "--file", "a", "--file", "b"], "option '--file' was given more than once"),
        (["x", "--count", "ten"], "invalid value 'ten' for '--count': expected an integer"),
        (["x", "--count", "0"], "invalid value '0' for '--count': expected an integer of at least 1"),
        (["x", "--count", "99999999999999999999"], "invalid value '99999999999999999999' for '--count': expected an integer from 1 to 9223372036854775807"),
        (["x", "--count", "-99999999999999999999"], "invalid value '-99999999999999999999' for '--count': expected an integer from 1 to 9223372036854775807"),
        (["x", "--count", "--9"], "missing value for option '--count N'"),
        (["x", "--count", "+-9"], "invalid value '+-9' for '--count': expected an integer"),
        (["x", "--format", "xml"], "invalid value 'xml' for '--format': expected one of table, json, csv"),
        (["x", "--format", "jsno"], "invalid value 'jsno' for '--format': expected one of table, json, csv. Did you mean 'json'?"),
        (["x", "--at", "yesterday"], "invalid value 'yesterday' for '--at': expected a time such as 2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC)"),
        ([], "missing argument NAME"),
    ])
    func usageErrors(words: [String], message: String) {
        #expect(throws: CLIFailure.usage(message)) { try Specs.parse(words) }
    }

    @Test func extraArgumentIsRefused() {
        let options: [OptionSpec] = GlobalOptions.all
        let arguments = [ArgumentSpec(name: "ID", kind: .sampleID, help: "An id.")]
        #expect(throws: CLIFailure.usage("unexpected argument 'extra'")) {
            try ArgumentParser.parse(["0b9e6a52-7c1d-4f3e-9a2b-5c8d7e6f1a20", "extra"],
                                     commandName: "t", options: options, arguments: arguments)
        }
        #expect(throws: CLIFailure.self) {
            try ArgumentParser.parse(["not-a-uuid"], commandName: "t", options: options, arguments: arguments)
        }
    }

    @Test func timestampValueIsParsed() throws {
        let p = try Specs.parse(["x", "--at", "2026-11-25T12:00:00+01:00"])
        #expect(p.timestamp("--at")?.rfc3339() == "2026-11-25T11:00:00Z")
    }
}
