/// ANSI styles for terminal output, applied only when the terminal allows colour.
enum TextStyle: String, CaseIterable, Sendable {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
}

extension Terminal {
    /// `text` wrapped in the SGR escape for `style` and a reset, or `text` unchanged when
    /// colour is off (not a terminal, `NO_COLOR`, `TERM=dumb`). Machine formats (json, csv)
    /// must never be styled; only tables and notes for people.
    func styled(_ text: String, _ style: TextStyle) -> String {
        guard usesColor, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }
}
