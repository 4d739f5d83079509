import SampleDomain

/// `--format csv`: RFC 4180 fields with `\n` line ends, as PostgreSQL's `COPY … (FORMAT csv,
/// HEADER)` writes them, so the differential test can compare bytes.
///
/// Frozen: a header row of column names; a field is quoted only when it contains `,` `"` `\n`
/// or `\r`, or is the empty string (`""`, so it differs from NULL, which is an empty unquoted
/// field); quotes inside are doubled. Crops are their compact JSON text.
///
/// Unless `rawCells`, a text cell gets the formula guard (`CSVFormulaGuard`: a `'` before a
/// leading `=` `+` `-` `@` tab CR or `'`), as `export --format csv` does; numbers, times and
/// NULL never do. The differential test compares the raw form with PostgreSQL.
struct CSVResultFormat: ResultFormat {
    var rawCells = false

    func render(_ table: ResultTable) -> String {
        var out = ""
        line(table.columns.map { Optional($0) }, into: &out)
        for row in table.rows {
            line(row.map { cell in
                guard case .text(let text) = cell, !rawCells, CSVFormulaGuard.applies(to: text) else { return cell.plainText }
                return "'" + text
            }, into: &out)
        }
        return out
    }

    private func line(_ fields: [String?], into out: inout String) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            if let field { out += CSVResultFormat.quoted(field) }
        }
        out += "\n"
    }

    static func quoted(_ field: String) -> String {
        let needsQuotes = field.isEmpty || field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else { return field }
        var out = "\""
        for c in field.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }
}
