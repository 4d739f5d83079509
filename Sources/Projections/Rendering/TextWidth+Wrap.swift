extension TextWidth {
    /// `text` broken into lines of at most `width` columns, for a table cell that wraps instead of
    /// being cut: at spaces where a word fits (the spaces at a break are dropped), inside a word
    /// only when the word alone is wider than `width`. Nothing else is lost: the lines joined with
    /// the dropped spaces give `text` back. Always at least one line; `width` below 1 counts as 1.
    /// With `rest`, the lines after the first get `rest` columns instead (a hanging indent: the
    /// caller puts `width - rest` spaces before them).
    package static func wrap(_ text: String, to width: Int, thenTo rest: Int? = nil) -> [String] {
        let first = max(width, 1)
        guard of(text) > first else { return [text] }
        let rest = max(rest ?? width, 1)
        var lines: [String] = []
        var limit: Int { lines.isEmpty ? first : rest }
        var line = ""
        var used = 0
        // A line begun at a break: the spaces there are dropped (the text's own leading spaces are kept).
        var fresh = false
        for (k, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let w = of(word)
            if k > 0, !(fresh && used == 0) {
                // The word goes on this line when it fits after one space; else the line breaks here.
                if used + 1 + w <= limit {
                    line += " " + word; used += 1 + w
                    continue
                }
                lines.append(line); line = ""; used = 0; fresh = true
            }
            // A word wider than a line is cut into pieces of `limit` columns.
            for c in word {
                let cw = of(c)
                if used + cw > limit, used > 0 { lines.append(line); line = ""; used = 0; fresh = true }
                line.append(c); used += cw
            }
        }
        lines.append(line)
        return lines
    }
}
