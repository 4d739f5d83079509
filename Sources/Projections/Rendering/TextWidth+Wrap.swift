extension TextWidth {
    /// `text` broken into lines of at most `width` columns, for a table cell that wraps instead of
    /// being cut: at spaces where a word fits (the spaces at a break are dropped), inside a word
    /// only when the word alone is wider than `width`. Nothing else is lost: the lines joined with
    /// the dropped spaces give `text` back. Always at least one line; `width` below 1 counts as 1.
    static func wrap(_ text: String, to width: Int) -> [String] {
        let width = max(width, 1)
        guard of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let w = of(word)
            // The word goes on this line when it fits after one space (or starts the line).
            if used > 0, used + 1 + w <= width {
                line += " " + word; used += 1 + w
                continue
            }
            if used > 0 || !line.isEmpty { lines.append(line); line = ""; used = 0 }
            // A word wider than a line is cut into pieces of `width` columns.
            for c in word {
                let cw = of(c)
                if used + cw > width, used > 0 { lines.append(line); line = ""; used = 0 }
                line.append(c); used += cw
            }
        }
        lines.append(line)
        return lines
    }
}
