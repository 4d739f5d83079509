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
/// `-`, `@`, tab, CR or `'` gets one `'` in front (`CSVFormulaGuard`, shared by every CSV tslog
/// writes), so a spreadsheet shows it as text instead of running it. `tslog import` removes
/// exactly that `'` again, so the round trip is exact.
struct ExportCSVFormat: RowFormat {
    /// The columns whose values are free text a user or client chose.
    static let textColumns: Set<Int> = [2, 3, 4, 6, 7, 9, 10]
    /// `textColumns` as a lookup by column index (a `Set` would hash once per cell).
    private static let isTextColumn: [Bool] = (0..<ExportColumns.names.count).map { textColumns.contains($0) }

    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] {
        Array((ExportColumns.names.joined(separator: ",") + "\n").utf8)
    }

    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        // Written as bytes: an export of a million rows is hundreds of megabytes.
        out.reserveCapacity(out.count + rows.count * 400)
        let isText = ExportCSVFormat.isTextColumn
        for row in rows {
            for (i, cell) in row.exportCells.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard let text = cell.plainText else { continue }
                let inert = !context.rawCells && i < isText.count && isText[i] && ExportCSVFormat.startsWithTrigger(text)
                ExportCSVFormat.appendQuoted(text, prefixed: inert, to: &out)
            }
            out.append(0x0A)
        }
    }

    /// Appends one cell as `CSVResultFormat.quoted` writes it, with a `'` in front when
    /// `prefixed`: quoted (inner quotes doubled) when empty or holding `,` `"` CR or LF.
    static func appendQuoted(_ text: String, prefixed: Bool, to out: inout [UInt8]) {
        let utf8 = text.utf8
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        let hasSpecial = utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? utf8.contains(where: special)
        let needsQuotes = (utf8.isEmpty && !prefixed) || hasSpecial
        if needsQuotes { out.append(UInt8(ascii: "\"")) }
        if prefixed { out.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { out.append(byte) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: utf8)
        }
    }

    /// Whether the formula guard applies to the text cell `text` (`CSVFormulaGuard`).
    static func startsWithTrigger(_ text: String) -> Bool { CSVFormulaGuard.applies(to: text) }
}
