import Testing
@testable import tslog

/// The built `tslog` binary, run as a user runs it: arguments, environment, stdin in;
/// stdout, stderr and exit status out.
@Suite("tslog binary end to end")
struct EndToEndTests {
    let tslog: BinaryRunner

    init() throws {
        tslog = try BinaryRunner.locate()
    }

    @Test func helpGoesToStdoutWithStatusZero() throws {
        let r = try tslog.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdoutText == HelpTextTests.topLevel)
        #expect(r.stderr.isEmpty)
    }

    @Test func helpQueryMatchesQueryDashDashHelp() throws {
        let a = try tslog.run(["help", "query"])
        let b = try tslog.run(["query", "--help"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdoutText == HelpTextTests.query)
        #expect(b.stdout == a.stdout)
    }

    @Test func unknownCommandSuggestsTheNearMiss() throws {
        let r = try tslog.run(["apend"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderrText == """
            Error: unknown command 'apend'. Did you mean 'append'?
            Usage: tslog COMMAND [options]
            See 'tslog --help' for more information.

            """)
    }

    @Test func unknownOptionSuggestsTheNearMiss() throws {
        let r = try tslog.run(["query", "--form", "json"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderrText == """
            Error: unknown option '--form'. Did you mean '--format'?
            Usage: tslog query NAME [options]
            See 'tslog query --help' for more information.

            """)
    }

    @Test func asOfSeqAndAsOfConflict() throws {
        let r = try tslog.run(["query", "labels", "--as-of-seq", "5", "--as-of", "2026-11-25T12:00:00Z"],
                              environment: ["TSLOG_DIR": "/nonexistent"])
        #expect(r.status == 64)
        #expect(r.stderrText == """
            Error: options '--as-of-seq' and '--as-of' cannot be used together
            Usage: tslog query NAME [options]
            See 'tslog query --help' for more information.

            """)
    }

    @Test func badEnumValueIsAUsageError() throws {
        let r = try tslog.run(["query", "labels", "--format", "xml"])
        #expect(r.status == 64)
        #expect(r.stderrText.hasPrefix("Error: invalid value 'xml' for '--format': expected one of table, json, csv\n"))
    }

    @Test func closedStdoutIsQuiet() throws {
        // Like `tslog help query | true`: the reader is gone before tslog writes.
        let r = try tslog.run(["help", "query"], closedStdout: true)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
    }

    @Test func stdinIsReadAndBigOutputDoesNotDeadlock() throws {
        // More than a pipe buffer on both streams would block a runner that waits first.
        let r = try tslog.run(["help"] + Array(repeating: "x", count: 1), stdin: Array(repeating: 0x41, count: 1 << 20))
        #expect(r.status == 64)
        #expect(r.stderrText.hasPrefix("Error: unknown command 'x'"))
    }
}
