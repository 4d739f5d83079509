import Foundation

/// Text helpers for the report's HTML and SVG: escaping and number formatting.
enum HTMLText {
    /// `text` safe inside an element or a quoted attribute: `& < > " '` become entities, and
    /// control characters other than tab and newline are dropped. A label `<script>` shows as text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `12,345`: digits grouped by thousands, for people. Data attributes keep plain digits.
    static func grouped(_ n: Int) -> String { NumberText.grouped(n) }

    /// `x` with `digits` decimals, for SVG coordinates and percentages.
    static func fixed(_ x: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", x.isFinite ? x : 0)
    }

    /// `part / whole` as a percentage with one decimal (`"33.3%"`), `"0%"` when `whole` is 0.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? fixed(Double(part) * 100 / Double(whole)) + "%" : "0%"
    }

    /// At most `limit` characters, the rest replaced by "…" (escape after cutting).
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }
}
