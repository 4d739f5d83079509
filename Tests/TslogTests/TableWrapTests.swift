import Foundation
import Testing

/// `tslog log`, `query`, `diff` and `tags` on a terminal wrap long labels, notes and URLs to its
/// width as `history` does (`HistoryWrapTests`), instead of cutting them with "…" (they did, with
/// no way to tell what was lost short of another format). A pipe still gets one line per row.
/// The terminal is a real pty, through `HistoryWrapTests.underPTY`.
@Suite("tables wrap to the terminal")
struct TableWrapTests {
    static let sample = "00000000-0000-4000-8000-0000000000a1"
    static let label = "Corner Crease with a really quite long label name that goes on"
    static let url = "https://img.example/scans/2026/11/25/a-rather-long-file-name-that-goes-on-and-on.jpg"
    static let note = "the release candidate for the spring model, see https://example.com/runs/2026/spring/candidate-7"

    /// The cells of column `column` of a psql-style table, row lines joined, spaces removed: what
    /// a wrapped cell held, whatever lines it took.
    static func column(_ column: Int, of table: Substring) -> String {
        table.split(separator: "\n").dropFirst(2).prefix { !$0.hasPrefix("(") }
            .map { line in
                let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                return column < cells.count ? String(cells[column]) : ""
            }
            .joined().replacingOccurrences(of: " ", with: "")
    }

    @Test func logQueryDiffAndTagsWrapOnATerminal() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let event = #"{"type":"sample.submitted","sample_id":"\#(Self.sample)","occurred_at":"2026-11-25T12:00:00Z","image_url":"\#(Self.url)","image_path":"p/1.jpg","label":"\#(Self.label)","label_type":"defect"}"#
        #expect(try tool.run(["append", "--log", log], stdin: Array((event + "\n").utf8)).status == 0)
        #expect(try tool.run(["tag", "v1", "--log", log, "--note", Self.note]).status == 0)
        let bin = tool.executable.path
        let squeezed = { (text: String) in text.filter { !$0.isWhitespace } }

        // A pipe: one line per row, whole, whatever COLUMNS says.
        let piped = try tool.run(["log", "--log", log], environment: ["COLUMNS": "40"])
        #expect(piped.stdoutText.split(separator: "\n").count == 5)
        #expect(piped.stdoutText.contains(#"label="\#(Self.label)""#))

        guard try Pillow.available("pty") else { return }
        func shown(_ cols: Int, _ words: [String]) throws -> String {
            try Pillow.run(HistoryWrapTests.underPTY, [String(cols), "-", bin] + words + ["--log", log], in: dir)
        }
        for cols in [60, 100, 140] {
            // log: the whole details, wrapped; the seq column starts each row.
            let events = try shown(cols, ["log"])
            #expect(!events.contains("…"), "\(cols):\n\(events)")
            #expect(events.split(separator: "\n").allSatisfy { $0.count <= cols }, "\(cols):\n\(events)")
            #expect(squeezed(events).contains(squeezed(#"label="\#(Self.label)""#)), "\(cols):\n\(events)")
            #expect(squeezed(events).contains(squeezed(#"note="\#(Self.note)""#)), "\(cols):\n\(events)")
            #expect(events.hasSuffix("(2 records: 1 event, 1 tag record)\n"))

            // query: the label and the URL whole in their columns.
            let labels = try shown(cols, ["query", "labels"])
            #expect(!labels.contains("…"), "\(cols):\n\(labels)")
            #expect(labels.split(separator: "\n").allSatisfy { $0.count <= cols }, "\(cols):\n\(labels)")
            #expect(Self.column(0, of: labels[...]) == squeezed(Self.label), "\(cols):\n\(labels)")
            let samples = try shown(cols, ["query", "samples", "--label", Self.label])
            #expect(!samples.contains("…"), "\(cols):\n\(samples)")
            #expect(Self.column(0, of: samples[...]) == Self.sample, "\(cols):\n\(samples)")
            #expect(Self.column(1, of: samples[...]) == Self.url, "\(cols):\n\(samples)")

            // tags: the note whole.
            let tags = try shown(cols, ["tags"])
            #expect(!tags.contains("…"), "\(cols):\n\(tags)")
            #expect(Self.column(3, of: tags[...]) == squeezed(Self.note), "\(cols):\n\(tags)")

            // diff: the label in the Labels table, the URL in the Events' change column. (Its
            // Rows table is wider than any of these terminals by its headers alone: left whole.)
            let diff = try shown(cols, ["diff", "0", "1", "--events"])
            #expect(!diff.contains("…"), "\(cols):\n\(diff)")
            let sections = diff.components(separatedBy: "\n\n")
            let labelTable = try #require(sections.first { $0.hasPrefix("Labels\n") })
            #expect(Self.column(1, of: labelTable.dropFirst("Labels\n".count)) == squeezed(Self.label), "\(cols):\n\(diff)")
            let eventTable = try #require(sections.first { $0.hasPrefix("Events\n") })
            #expect(Self.column(4, of: eventTable.dropFirst("Events\n".count)).contains(Self.url), "\(cols):\n\(diff)")
        }
    }
}
