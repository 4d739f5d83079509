import Foundation
import Testing

/// `tslog import` of a CSV whose lines end in a carriage return alone (classic Mac OS, Excel for
/// Mac's old "CSV" choice): read as PostgreSQL's `COPY … CSV` and DuckDB read it, by the first
/// line's ending. It used to be read as one long header line and refused with a misleading
/// "column '': appears twice in the header". A file that mixes CR with line feeds is refused
/// naming the line and the line endings, and creates nothing.
@Suite("tslog import: line endings")
struct ImportLineEndingsTests {
    /// `text` with every line end outside quotes made `ending` (line breaks inside quoted
    /// fields stay data).
    static func withLineEnds(_ text: String, _ ending: String) -> String {
        var out = ""
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            out += !quoted && c == "\n" ? ending : String(c)
        }
        return out
    }

    @Test func crOnlyFileImportsAsItsLFTwin() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let source = dir.appendingPathComponent("source").path
        try ExportTestLog.make(source, seed: 5, samples: 40)
        let csv = try tool.run(["export", "--log", source, "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdoutText.contains("\"line\nbreak\""), "the log has a line break inside a quoted field")

        let file = dir.appendingPathComponent("mac.csv")
        try Data(Self.withLineEnds(csv.stdoutText, "\r").utf8).write(to: file)
        let fresh = dir.appendingPathComponent("fresh").path
        let imported = try tool.run(["import", file.path, "--log", fresh])
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(try tool.run(["export", "--log", fresh, "--format", "csv"]).stdout == csv.stdout)
        // Importing it again appends nothing: the same rows.
        #expect(try tool.run(["import", file.path, "--log", fresh]).stdoutText.hasPrefix("appended 0 events; "))
    }

    @Test func mixedLineEndingsAreRefusedNamingTheLine() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let header = "id,created_at,image_url,image_path,label,label_type"
        let row = { (n: Int) in "00000000-0000-4000-8000-00000000000\(n),2026-11-25T12:00:00Z,u\(n),p\(n),mint,grade" }
        let file = dir.appendingPathComponent("mixed.csv")
        try Data((header + "\r" + row(1) + "\r" + row(2) + "\n" + row(3) + "\r").utf8).write(to: file)
        let log = dir.appendingPathComponent("log").path
        let refused = try tool.run(["import", file.path, "--log", log])
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains("line 3: "), "\(refused.stderrText)")
        #expect(refused.stderrText.contains("mixed line endings"), "\(refused.stderrText)")
        #expect(refused.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: log), "nothing created")

        // CR inside a quoted field of a CR file is data, as LF inside quotes is in an LF file
        // (and then refused by the label's own rule, on the row's line).
        try Data((header + "\r" + row(1).replacingOccurrences(of: ",mint,", with: ",\"two\rlines\",") + "\r").utf8).write(to: file)
        let control = try tool.run(["import", file.path, "--log", log])
        #expect(control.status == 1)
        #expect(control.stderrText.contains("line 2: column 'label': must not contain control characters, found U+000D"), "\(control.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: log), "nothing created")
    }
}
