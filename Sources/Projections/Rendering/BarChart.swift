/// Small Unicode bar charts for the stats dashboard.
enum BarChart {
    private static let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    private static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A bar of `value / maximum × width` columns, in eighths of a block; at least a sliver for
    /// any positive value, nothing for zero.
    static func bar(_ value: Int, maximum: Int, width: Int) -> String {
        guard value > 0, maximum > 0, width > 0 else { return "" }
        let scaled = (value.multipliedFullWidth(by: width * 8))
        let eighths = max(1, Int(maximum.dividingFullWidth(scaled).quotient))
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// One character per value, `▁` to `█` scaled to the largest; a space for zero.
    static func sparkline(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: " ", count: values.count) }
        return String(values.map { v -> Character in
            guard v > 0 else { return " " }
            let level = (v * 8 + top - 1) / top - 1
            return levels[min(7, max(0, level))]
        })
    }

    /// Aligned lines `  label  ████▌     123`: labels cut to fit, counts right-aligned, bars
    /// scaled to the largest value and filling what `width` leaves.
    static func lines(_ items: [(label: String, value: Int)], width: Int, indent: Int = 2) -> [String] {
        guard !items.isEmpty else { return [String(repeating: " ", count: indent) + "(none)"] }
        let labelWidth = min(items.map { TextWidth.of(TextWidth.visible($0.label)) }.max() ?? 0, max(8, width / 3))
        let countWidth = items.map { String($0.value).count }.max() ?? 1
        let barWidth = max(4, width - indent - labelWidth - countWidth - 2)
        let top = items.map(\.value).max() ?? 0
        return items.map { item in
            String(repeating: " ", count: indent)
                + TextWidth.pad(TextWidth.truncate(TextWidth.visible(item.label), to: labelWidth), to: labelWidth) + " "
                + TextWidth.pad(bar(item.value, maximum: top, width: barWidth), to: barWidth) + " "
                + TextWidth.pad(String(item.value), to: countWidth, alignRight: true)
        }
    }
}
