/// Terminal column widths, for the human `table` format and the stats dashboard.
///
/// A character is 2 columns when it is East Asian wide or an emoji shown as such, else 1.
/// Good enough for aligned output; not a full UAX #11 implementation.
/// `package`: the CLI's streaming event table (`tslog log`) measures and wraps with it too.
package enum TextWidth {
    package static func of(_ text: some StringProtocol) -> Int {
        var width = 0
        for c in text { width += of(c) }
        return width
    }

    package static func of(_ c: Character) -> Int {
        if c.isASCII { return 1 }
        for s in c.unicodeScalars where s.properties.isEmojiPresentation || s.value == 0xFE0F || isWide(s.value) {
            return 2
        }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `width` columns, ending in "…" when anything was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `width` columns, on the right (`alignRight == false`) or left.
    static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return alignRight ? fill + text : text + fill
    }

    /// `text` centred in `width` columns (an odd space goes to the right), as psql centres headers.
    static func center(_ text: String, in width: Int) -> String {
        let spare = max(0, width - of(text))
        return String(repeating: " ", count: spare / 2) + text + String(repeating: " ", count: spare - spare / 2)
    }

    /// Control characters made visible (`\n`, `\t`, `\r`, `\u{1b}` …) so one cell stays one line
    /// and nothing in a value can drive the terminal: C0 and DEL, C1 controls (U+0080–U+009F,
    /// e.g. CSI U+009B) and the bidirectional controls that reorder what follows them
    /// (`TerminalText.isUnsafe`).
    static func visible(_ text: String) -> String {
        TerminalText.escapedForCell(text)
    }
}
