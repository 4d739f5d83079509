import EventLog

extension StatsReport {
    /// How many grades and recent days the table shows before summarising the rest.
    static let shownGrades = 8
    static let shownDays = 7

    /// The dashboard for a terminal `width` columns wide: one screen of aligned sections with bar
    /// charts scaled to each section's largest value. For people; free to change.
    public func renderTable(width: Int = 80) -> String {
        let width = max(40, width)
        var out: [String] = []

        out.append("Overall")
        let o = overall.rows.first ?? []
        func value(_ i: Int) -> String { i < o.count ? (o[i].plainText ?? "—") : "—" }
        out += wrapped(["samples \(value(0))", "labels \(value(1))", "accepted \(value(2))", "error \(value(3))",
                        "success rate \(o.count > 4 && o[4] != .null ? value(4) + "%" : "—")"],
                       separator: "   ", width: width)

        out.append("")
        out.append("Label types")
        out += BarChart.lines(pairs(labelTypes), width: width)

        out.append("")
        let grades = pairs(self.grades)
        out.append(grades.count > Self.shownGrades
                   ? "Grades (top \(Self.shownGrades) of \(grades.count))" : "Grades")
        out += BarChart.lines(Array(grades.prefix(Self.shownGrades)), width: width)

        out.append("")
        out.append("Nyckel status (submitted = pending)")
        out += BarChart.lines(pairs(statuses), width: width)

        out.append("")
        out += dailyLines(width: width)

        out.append("")
        out.append("Below balance (grade labels with fewer than \(balanceBelow) samples)")
        out += wrapped(belowBalance.rows.map { "\($0[0].plainText ?? "") \($0[1].plainText ?? "")" },
                       separator: " · ", width: width)

        if let images, let row = images.rows.first {
            out.append("")
            out.append("Images")
            out += wrapped(zip(images.columns, row).map { "\($0) \($1.plainText ?? "—")" }, separator: "   ", width: width)
        }

        if !lostSeqs.isEmpty {
            out.append("")
            out.append("Lost in a repair")
            out += wrapped([RepairReport.describe(lostSeqs), "(log.lost markers: the figures above miss what they held)"],
                           separator: " ", width: width)
        }

        return out.map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// The first column as the label, the last as the count.
    private func pairs(_ table: ResultTable) -> [(label: String, value: Int)] {
        table.rows.map { row in
            let value: Int = if case .int(let n) = row.last { Int(n) } else { 0 }
            return (row.first?.plainText ?? "", value)
        }
    }

    private func dailyLines(width: Int) -> [String] {
        // The query answers newest first; the sparkline reads oldest to newest.
        let counts = daily.rows.map { row -> (day: String, samples: Int, labels: Int) in
            var samples = 0, labels = 0
            if case .int(let n) = row[1] { samples = Int(n) }
            if case .int(let n) = row[2] { labels = Int(n) }
            return (row[0].plainText ?? "", samples, labels)
        }
        // Says what the lines show: the days with samples (at most `days`), all in the sparkline,
        // the newest `shownDays` of them as bars.
        guard let newest = counts.first, let oldest = counts.last else { return ["Daily — no days with samples", "  (none)"] }
        let total = counts.reduce(0) { $0 + $1.samples }
        let span = counts.count == 1 ? "the last day with samples" : "the last \(counts.count) days with samples"
        var out = ["Daily — \(span): \(total) samples"]
        out.append("  \(oldest.day) \(BarChart.sparkline(counts.reversed().map(\.samples))) \(newest.day)")
        if counts.count > Self.shownDays { out.append("  the newest \(Self.shownDays):") }
        out += BarChart.lines(counts.prefix(Self.shownDays).map { ($0.day, $0.samples) }, width: width)
        return out
    }

    /// Items joined by `separator` and wrapped to `width`, each line indented by two.
    private func wrapped(_ items: [String], separator: String, width: Int) -> [String] {
        guard !items.isEmpty else { return ["  (none)"] }
        var lines: [String] = []
        var line = ""
        for item in items.map({ TextWidth.truncate(TextWidth.visible($0), to: width - 4) }) {
            if line.isEmpty {
                line = "  " + item
            } else if TextWidth.of(line) + TextWidth.of(separator) + TextWidth.of(item) > width {
                lines.append(line)
                line = "  " + item
            } else {
                line += separator + item
            }
        }
        return lines + [line]
    }
}
