/// `--format table`: psql's aligned format, for people (free to change).
///
///      label_type | sample_count
///     ------------+--------------
///      grade      |          145
///     (1 row)
///
/// Headers are centred, numbers right-aligned, NULL empty, control characters shown escaped
/// (`\n`), no trailing spaces. With a `width`, the widest columns give way first and cut cells
/// end in "…" — or, with `wraps`, a cell too wide for its column continues on the row's next
/// lines (broken at spaces where a word fits, `TextWidth.wrap`), the other cells left blank there,
/// so nothing is lost (a wrapped column is never narrower than its header; a table whose headers
/// alone do not fit is not narrowed at all):
///
///      seq |  type  |   change
///     -----+--------+------------
///        5 | sample | label a →
///          | .relab | b; reason=
///          | eled   | second look
struct TableResultFormat: ResultFormat {
    var width: Int?
    /// With a `width`: wrap cells that do not fit instead of cutting them.
    var wraps = false

    /// Columns are never cut narrower than this.
    static let minimumColumnWidth = 3

    func render(_ table: ResultTable) -> String {
        let header = table.columns.map(TextWidth.visible)
        let cells = table.rows.map { $0.map { TextWidth.visible($0.plainText ?? "") } }
        var widths = header.map { TextWidth.of($0) }
        for row in cells {
            for (i, text) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], TextWidth.of(text)) }
        }
        // Wrapped columns keep their headers whole, so nothing at all is cut.
        let floors = header.map { wraps ? max(TextWidth.of($0), Self.minimumColumnWidth) : Self.minimumColumnWidth }
        // Wrapping only helps when the table can fit: if even its headers are wider than the
        // terminal, narrowing would shred the cells and the lines would still overflow, so the
        // rows are left whole (as a pipe gets them) for the terminal or a pager to show.
        let wrapping = wraps && width.map { floors.reduce(0, +) + 3 * floors.count - 1 <= $0 } ?? false
        if let width, !wraps || wrapping { fit(&widths, into: width, floors: floors) }

        var out = ""
        out += line(header.enumerated().map { TextWidth.center(TextWidth.truncate($1, to: widths[$0]), in: widths[$0]) })
        out += widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for (r, row) in cells.enumerated() {
            guard wrapping else {
                out += line(row.enumerated().map { i, text in
                    TextWidth.pad(TextWidth.truncate(text, to: widths[i]), to: widths[i],
                                  alignRight: table.rows[r][i].isNumeric)
                })
                continue
            }
            let pieces = row.enumerated().map { i, text in TextWidth.wrap(text, to: widths[i]) }
            for n in 0..<(pieces.map(\.count).max() ?? 1) {
                out += line(pieces.enumerated().map { i, lines in
                    TextWidth.pad(n < lines.count ? lines[n] : "", to: widths[i], alignRight: table.rows[r][i].isNumeric)
                })
            }
        }
        out += table.rows.count == 1 ? "(1 row)\n" : "(\(table.rows.count) rows)\n"
        return out
    }

    private func line(_ padded: [String]) -> String {
        var text = " " + padded.joined(separator: " | ")
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }

    /// Narrows the widest columns, one column at a time, until the separator line (the longest
    /// line: widths + 3 per column − 1) fits in `limit`, or no column can give more (column `i`
    /// never narrower than `floors[i]`).
    private func fit(_ widths: inout [Int], into limit: Int, floors: [Int]) {
        var total = widths.reduce(0, +) + 3 * widths.count - 1
        while total > limit {
            guard let i = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { return }
            widths[i] -= 1
            total -= 1
        }
    }
}
