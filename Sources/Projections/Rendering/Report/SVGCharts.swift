import Foundation

/// The report's charts as inline SVG. Each function returns one `<svg>` element whose size is
/// fixed by its `viewBox` and that scales with the page; numbers are also in `data-*` attributes.
enum SVGCharts {
    /// One slice of a donut.
    struct Slice {
        var name: String
        var count: Int
        var color: String
    }

    /// A donut of `slices` with `total` in the middle; each slice carries `data-name`/`data-count`.
    static func donut(_ slices: [Slice], centerLabel: String) -> String {
        let total = slices.reduce(0) { $0 + $1.count }
        let (cx, cy, r, width) = (110.0, 110.0, 80.0, 34.0)
        var svg = ##"<svg class="donut" viewBox="0 0 220 220" role="img" aria-label="\##(HTMLText.escape(centerLabel))">"##
        svg += ##"<circle cx="110" cy="110" r="80" fill="none" stroke="#e5e7eb" stroke-width="34"/>"##
        var start = -Double.pi / 2
        for slice in slices where slice.count > 0 && total > 0 {
            let sweep = Double(slice.count) / Double(total) * 2 * Double.pi
            let title = "<title>\(HTMLText.escape(slice.name)): \(HTMLText.grouped(slice.count)) (\(HTMLText.percent(slice.count, of: total)))</title>"
            let attrs = ##"class="slice" data-name="\##(HTMLText.escape(slice.name))" data-count="\##(slice.count)" fill="none" stroke="\##(slice.color)" stroke-width="\##(width)""##
            if sweep >= 2 * Double.pi - 1e-9 {
                svg += "<circle cx=\"110\" cy=\"110\" r=\"80\" \(attrs)>\(title)</circle>"
            } else {
                let end = start + sweep
                let (x0, y0) = (cx + r * cos(start), cy + r * sin(start))
                let (x1, y1) = (cx + r * cos(end), cy + r * sin(end))
                let large = sweep > Double.pi ? 1 : 0
                svg += "<path d=\"M\(HTMLText.fixed(x0, 2)) \(HTMLText.fixed(y0, 2)) A80 80 0 \(large) 1 \(HTMLText.fixed(x1, 2)) \(HTMLText.fixed(y1, 2))\" \(attrs)>\(title)</path>"
            }
            start += sweep
        }
        // The total, shrunk to fit the hole (inner radius 63) when it is long ("980,221").
        let number = HTMLText.grouped(total)
        let scale = min(1, holeTextWidth / bigTextWidth(number))
        if scale < 1 {
            svg += ##"<text transform="translate(110 108) scale(\##(HTMLText.fixed(scale, 3)))" text-anchor="middle" class="big">\##(number)</text>"##
        } else {
            svg += ##"<text x="110" y="108" text-anchor="middle" class="big">\##(number)</text>"##
        }
        svg += ##"<text x="110" y="132" text-anchor="middle" class="muted">\##(HTMLText.escape(centerLabel))</text>"##
        return svg + "</svg>"
    }

    /// The widest the donut's number may be: a chord of the hole (radius 63) at the text's height.
    static let holeTextWidth = 104.0

    /// An upper estimate of `text`'s width in user units at the `.big` font (28px, weight 600):
    /// digits 0.72 em, `,` `.` 0.4 em (DejaVu Sans Bold, the widest of the fonts the page names).
    static func bigTextWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { sum, c in sum + 28 * (c == "," || c == "." ? 0.4 : 0.72) }
    }

    /// A semicircle gauge filled to `percent` (0–100), the value printed under the arc.
    static func gauge(percent: Double?, caption: String) -> String {
        let value = min(max(percent ?? 0, 0), 100)
        let (cx, cy, r) = (130.0, 130.0, 100.0)
        func point(_ p: Double) -> String {
            let a = Double.pi * (1 - p / 100)
            return "\(HTMLText.fixed(cx + r * cos(a), 2)) \(HTMLText.fixed(cy - r * sin(a), 2))"
        }
        let color = value >= 80 ? "#16a34a" : value >= 50 ? "#d97706" : "#dc2626"
        var svg = ##"<svg class="gauge" viewBox="0 0 260 160" role="img" aria-label="success rate">"##
        svg += "<path d=\"M\(point(0)) A100 100 0 0 1 \(point(100))\" fill=\"none\" stroke=\"#e5e7eb\" stroke-width=\"26\"/>"
        if percent != nil, value > 0 {
            svg += "<path class=\"gauge-fill\" d=\"M\(point(0)) A100 100 0 0 1 \(point(value))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"26\"/>"
        }
        let text = percent == nil ? "–" : HTMLText.fixed(value, 2) + "%"
        svg += ##"<text x="130" y="122" text-anchor="middle" class="big">\##(text)</text>"##
        svg += ##"<text x="130" y="150" text-anchor="middle" class="muted">\##(HTMLText.escape(caption))</text>"##
        svg += ##"<text x="30" y="150" text-anchor="middle" class="axis">0</text><text x="230" y="150" text-anchor="middle" class="axis">100</text>"##
        return svg + "</svg>"
    }

    /// One horizontal bar.
    struct HBar {
        var label: String
        var count: Int
        var marked: Bool
    }

    /// Horizontal bars, one per row, longest scaled to the full width; marked bars are hatched
    /// and flagged "low". Each row is `<g class="hbar" data-label data-count data-below>`.
    static func horizontalBars(_ bars: [HBar], color: String) -> String {
        let rowHeight = 22.0, labelWidth = 120.0, barWidth = 180.0
        let height = max(Double(bars.count) * rowHeight, rowHeight)
        let maxCount = max(bars.map(\.count).max() ?? 1, 1)
        var svg = "<svg class=\"hbars\" viewBox=\"0 0 370 \(HTMLText.fixed(height, 0))\" role=\"img\">"
        for (i, bar) in bars.enumerated() {
            let y = Double(i) * rowHeight
            let w = max(Double(bar.count) / Double(maxCount) * barWidth, bar.count > 0 ? 2 : 0)
            let fill = bar.marked ? "url(#low)" : color
            svg += "<g class=\"hbar\" data-label=\"\(HTMLText.escape(bar.label))\" data-count=\"\(bar.count)\" data-below=\"\(bar.marked)\">"
            svg += "<title>\(HTMLText.escape(bar.label)): \(HTMLText.grouped(bar.count))\(bar.marked ? " (under the balance threshold)" : "")</title>"
            svg += "<text x=\"\(HTMLText.fixed(labelWidth - 8, 0))\" y=\"\(HTMLText.fixed(y + 15, 0))\" text-anchor=\"end\" class=\"label\">\(HTMLText.escape(HTMLText.cut(bar.label, 18)))</text>"
            svg += "<rect x=\"\(HTMLText.fixed(labelWidth, 0))\" y=\"\(HTMLText.fixed(y + 3, 0))\" width=\"\(HTMLText.fixed(w))\" height=\"16\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(bar.marked ? "#dc2626" : "none")\"/>"
            let note = bar.marked ? " ⚠ low" : ""
            svg += "<text x=\"\(HTMLText.fixed(labelWidth + w + 6))\" y=\"\(HTMLText.fixed(y + 15, 0))\" class=\"value\(bar.marked ? " low" : "")\">\(HTMLText.grouped(bar.count))\(note)</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }
}
