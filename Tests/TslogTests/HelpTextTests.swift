import Testing
@testable import tslog

/// Help text pinned byte for byte. Human text may change on purpose: update these together
/// with the help, and read the diff as a user would.
@Suite("Help text")
struct HelpTextTests {
    static let topLevel = """
        tslog keeps an image-labelling app's training samples as an append-only,
        event-sourced log of JSON lines, and answers the app's questions from it.

        Usage: tslog COMMAND [options]

        Commands:
          append         Append events, one JSON object per line, to the log.
          log            Print the stored events in seq order.
          verify         Check every record's checksum, the seq chain and the segment
                         files.
          query          Answer one of the app's questions, exactly as PostgreSQL would.
          project stats  Show the dashboard: totals, label types, grades, statuses,
                         activity, balance.
          history        Show every event about one sample, in seq order.
          export         Export the samples as of a point in the log as CSV, JSON, SQL
                         or a training layout.
          images fetch   Download the live samples' images into the log's image store.
          images verify  Re-hash every stored image; name each whose bytes changed.
          images check   Report missing images, duplicates, label conflicts, mismatches.
          images prune   Remove stored images that no event names.
          report         Write the dashboard as a self-contained HTML page of charts.
          import         Append the events that bring the log to the rows of a
                         training_samples export.
          replay         Copy the log's events, up to a point, into a fresh log
                         directory, and verify it.
          tag            Name a point in the log (a dataset version) by a record in it.
          tags           List the tags: name, seq, when recorded, note.
          diff           Show which samples changed between two points in the log.
          serve          Serve the log over HTTP: append, read and stream events.
          demo           Write a seeded demo log of generated samples and their events.
          completion     Print a shell completion script for bash, zsh or fish.
          help           Show help for tslog or one of its commands.

        Global options:
          --log DIR      The log directory. (default: $TSLOG_DIR, else ./tslog-data)
          -h, --help     Show help.
          --version      Print the version of tslog and of its formats.

        See 'tslog help COMMAND' for more about a command.
        """ + "\n"

    static let query = """
        Answer one of the app's questions, exactly as PostgreSQL would.

        Usage: tslog query NAME [options]

        Arguments:
          NAME                     The question to answer; see the list below.

        Options:
          --as-of-seq N            Answer from the events with seq at most N only.
          --as-of TIME             Answer from the events recorded at or before TIME:
                                   RFC 3339, PostgreSQL's form or a date (its 00:00
                                   UTC).
          --as-of-tag NAME         Answer as of the point tag NAME names (see tslog
                                   tags).
          --valid-at TIME          Answer with the table as it stood at TIME by the
                                   events' occurred_at (valid time), as the log knows it
                                   now, or at the --as-of… point.
          --format table|json|csv  Output format. (default: table)
          --label-type T           labels, samples: only this label type (default: every
                                   type); balance: the type checked (default: grade).
          --label L                The label for samples.
          --limit N                Print at most N rows.
          --no-checkpoint          Ignore checkpoints; fold the whole log.
          --days N                 How many days daily shows. (default: 30)
          --below N                The sample count balance reports labels under.
                                   (default: 10)
          --raw-cells              csv: write text cells starting with = + - @ as they
                                   are, not prefixed with '.
          --fail-if-rows           Exit 2 when the answer has a row (for cron: balance,
                                   problems, failed).
          --log DIR                The log directory. (default: $TSLOG_DIR, else
                                   ./tslog-data)
          -h, --help               Show help.

        Questions:
          label-types  Samples per label type, most first.
          labels       Samples per label and label type, most first; --label-type: one.
          failed       The newest samples with Nyckel status error (20 unless --limit).
          daily        Samples and distinct labels per UTC day, newest day first.
          samples      The samples with one label (--label is required), newest first.
          accepted     Accepted samples by label, then time: the export for retraining.
          scans        Samples cut from a scan (source_scan_id set), newest first.
          balance      Labels of one type with fewer than --below samples.
          overall      Totals, distinct labels, accepted, failed and the success rate.
          problems     Samples whose Nyckel status is error or rejected, newest first.

        Rows, order and numbers are what the guide's SQL returns on PostgreSQL, with
        labels compared byte by byte (COLLATE "C").

        In csv, text cells that start with = + - @ tab CR or ' get a ' in front so that
        spreadsheets do not run them as formulas (as export does); --raw-cells writes
        them unchanged.

        Exit status: 0; with --fail-if-rows, 2 when the answer has a row (printed as
        usual), so cron can alert on it:
          tslog query balance --fail-if-rows > balance.txt || mail ... < balance.txt
        1 on an error, 64 for a wrong command line.
        """ + "\n"

    @Test func topLevelHelpIsPinned() {
        #expect(HelpRenderer.topLevel() == Self.topLevel)
    }

    @Test func queryHelpIsPinned() {
        #expect(HelpRenderer.command(QueryCommand.self) == Self.query)
    }

    @Test func everyHelpPageFitsEightyColumns() {
        var pages = [HelpRenderer.topLevel(), HelpRenderer.group("project")]
        pages += CommandRegistry.commands.map { HelpRenderer.command($0) }
        for page in pages {
            for line in page.split(separator: "\n") {
                #expect(line.count <= HelpRenderer.width, "\(line)")
            }
            #expect(page.hasSuffix("\n") && !page.hasSuffix("\n\n"))
        }
    }

    @Test func commandHelpListsEveryOptionWithItsDefault() {
        for command in CommandRegistry.commands {
            let page = HelpRenderer.command(command)
            for option in command.allOptions {
                #expect(page.contains(option.name), "\(command.name) \(option.name)")
                if let d = option.defaultValue { #expect(page.contains("(default: \(d))")) }
            }
            for argument in command.arguments { #expect(page.contains("  \(argument.name) ")) }
        }
    }

    @Test func longUsageLinesBreakBeforeAnOptionGroup() {
        #expect(HelpRenderer.wrapUsage("tslog log [--from-seq N] [--type T] [--sample ID] [--format table|json] [--limit N]", indent: 7)
            == "tslog log [--from-seq N] [--type T] [--sample ID] [--format table|json]\n                 [--limit N]")
        #expect(HelpRenderer.wrapUsage("tslog query NAME [options]", indent: 7) == "tslog query NAME [options]")
    }

    @Test func wrapBreaksAtSpacesAndKeepsLongWords() {
        #expect(HelpRenderer.wrap("aaa bbb ccc", width: 7) == "aaa bbb\nccc")
        #expect(HelpRenderer.wrap("a verylongword b", width: 5) == "a\nverylongword\nb")
        #expect(HelpRenderer.wrap("", width: 5) == "")
    }
}
