import Foundation

/// Text helpers for HTML and SVG: escaping and number formatting.
///
/// `escape` is the one HTML escaper: the report (`ReportPage`, the SVG charts) and the desk's
/// pages (`DeskAssets`) all call it, so every HTML byte tslog writes follows the same rule.
package enum HTMLText {
    /// `text` safe inside an element or a double- or single-quoted attribute: `& < > " '` become
    /// entities, and control characters other than tab and newline (C0, including CR and NUL,
    /// and DEL) are dropped — HTML's parser would refuse or rewrite them. Everything else
    /// passes through unchanged, C1 controls and noncharacters included (a Swift `String` holds
    /// only Unicode scalars, so no lone surrogate or invalid UTF-8 can reach it). A label
    /// `<script>` shows as text.
    /// - Complexity: O(n) in `text`'s length.
    package static func escape(_ text: String) -> String {
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
