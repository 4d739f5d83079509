import EventLog
import SampleDomain

/// `--format csv`: RFC 4180, a header row of `ExportColumns`, one line per row, `\n` line ends.
///
/// Frozen. Cells are written as `tslog query --format csv` writes them (`CSVResultFormat`): NULL
/// is an empty unquoted field, the empty string is `""`, a field holding `,` `"` CR or LF is
/// quoted with inner quotes doubled, `created_at` is RFC 3339 UTC, `crop_data` its compact JSON.
///
/// Formula injection: unless `rawCells`, a text cell (image_url, image_path, label,
/// nyckel_function_id, nyckel_sample_id, source_scan_id, region_name) that starts with `=`, `+`,
/// `-`, `@`, tab, CR or `'` gets one `'` in front, so a spreadsheet shows it as text instead of
/// running it. `tslog import` removes exactly that `'` again (see `CSVCells.uninert`), so the
/// round trip is exact.
struct ExportCSVFormat: RowFormat {
    /// The columns whose values are free text a user or client chose.
    static let textColumns: Set<Int> = [2, 3, 4, 6, 7, 9, 10]

    func render(_ rows: [SampleRow], _ context: ExportContext) -> [UInt8] {
        var out = ExportColumns.names.joined(separator: ",") + "\n"
        for row in rows {
            for (i, cell) in row.exportCells.enumerated() {
                if i > 0 { out += "," }
                guard var text = cell.plainText else { continue }
                if !context.rawCells, ExportCSVFormat.textColumns.contains(i) { text = ExportCSVFormat.inert(text) }
                out += CSVResultFormat.quoted(text)
            }
            out += "\n"
        }
        return Array(out.utf8)
    }

    /// The bytes that make a spreadsheet treat a cell as a formula, plus `'` itself so that the
    /// prefix can always be told apart from text that began with a quote.
    static let triggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
                                       0x09, 0x0D, UInt8(ascii: "'")]

    /// `text` with a `'` in front when it starts with a trigger byte.
    static func inert(_ text: String) -> String {
        guard let first = text.utf8.first, triggers.contains(first) else { return text }
        return "'" + text
    }
}
