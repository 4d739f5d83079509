import EventLog
import SampleDomain

/// Renders the whole report as one self-contained HTML document: inline CSS and SVG, no
/// scripts, no external resources, so it opens from disk, works offline and prints.
///
/// Every number drawn is also in a `data-*` attribute (`data-kpi`/`data-value`, `data-count`,
/// `data-label`), so tests and scripts can read them back without parsing the text.
public enum ReportPage {
    /// What the page says about where its numbers come from.
    public struct Context: Sendable {
        /// The log directory, shown in the header.
        public var logName: String
        /// The seq the report reflects.
        public var seq: UInt64
        /// When the report was made (shown; not part of any number).
        public var generatedAt: Timestamp
        /// How many labels each distribution lists before summing the rest.
        public var labelsShown: Int

        public init(logName: String, seq: UInt64, generatedAt: Timestamp, labelsShown: Int = 25) {
            self.logName = logName; self.seq = seq; self.generatedAt = generatedAt; self.labelsShown = labelsShown
        }
    }

    static let typeColors: [LabelType: String] = [.grade: "#2563eb", .defect: "#db2777", .region: "#0d9488"]

    /// The report for `data` and `timeline`.
    public static func render(_ data: ReportData, timeline: ReportTimeline, context: Context) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>tslog report: \(HTMLText.escape(context.logName))</title><style>\(ReportStyle.css)</style></head><body>"
        html += "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs><pattern id=\"low\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fecaca\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#dc2626\" stroke-width=\"2\"/></pattern></defs></svg>"
        html += "<header><h1>Training samples</h1><p class=\"muted\">Log <code>\(HTMLText.escape(context.logName))</code> as of seq <span data-kpi=\"seq\" data-value=\"\(context.seq)\">\(HTMLText.grouped(Int(context.seq)))</span> · generated \(context.generatedAt.rfc3339(.whenNonZero)) by tslog</p></header>"
        if !data.lostSeqs.isEmpty { html += lostSection(data.lostSeqs) }
        html += kpis(data)
        if data.total == 0 {
            html += "<section class=\"card empty\" id=\"empty\"><h2>No samples yet</h2><p>The log holds no live samples at this point. Append events with <code>tslog append</code>, or try <code>tslog demo</code>.</p></section>"
        }
        html += "<div class=\"row\">" + labelTypes(data) + successRate(data) + "</div>"
        html += activity(data)
        html += timelineSection(timeline)
        html += labelDistribution(data, shown: context.labelsShown)
        html += table(id: "recent", title: "Recent submissions", rows: data.recent, total: nil,
                      empty: "No submissions yet.")
        html += table(id: "problems", title: "Current problems (errors and rejections)", rows: data.problems,
                      total: data.problemTotal, empty: "No errors or rejections.")
        if let images = data.images { html += imagesSection(images) }
        html += "<footer class=\"muted\">Numbers equal <code>tslog query</code> at the same seq. Days are UTC.</footer>"
        return html + "</body></html>\n"
    }

    /// The warning that a repair lost records (`log.lost` markers), before every number it
    /// affects; their count in `data-lost-records`.
    static func lostSection(_ seqs: [UInt64]) -> String {
        "<section class=\"card\" id=\"lost\" data-lost-records=\"\(seqs.count)\" style=\"border-color:#dc2626\"><h2>Records lost in a repair</h2><p>This log lost \(HTMLText.escape(RepairReport.describe(seqs))) in a repair: each seq holds a <code>log.lost</code> marker, and every number below misses what they held. <code>tslog verify</code> counts them.</p></section>"
    }

    /// The image store's counts, each as a KPI carrying its number in `data-value`.
    static func imagesSection(_ images: ResultTable) -> String {
        let row = images.rows.first ?? []
        let titles = ["stored": "Live samples with stored bytes", "missing": "Live samples without stored bytes",
                      "duplicates": "Same bytes under several samples", "conflicts": "…of them with different labels"]
        var html = "<section class=\"card\" id=\"images\"><h2>Images</h2><div class=\"kpis\">"
        for (column, value) in zip(images.columns, row) {
            let number: Int = if case .int(let n) = value { Int(n) } else { 0 }
            html += "<div class=\"kpi\" data-image-kpi=\"\(HTMLText.escape(column))\" data-value=\"\(number)\"><div class=\"kpi-value\">\(HTMLText.grouped(number))</div><div class=\"muted\">\(HTMLText.escape(titles[column] ?? column))</div></div>"
        }
        return html + "</div><p class=\"muted\">As <code>tslog images check</code> lists them.</p></section>"
    }

    static func kpis(_ d: ReportData) -> String {
        let items: [(String, String, Int?, String)] = [
            ("total_samples", "Samples", d.total, HTMLText.grouped(d.total)),
            ("unique_labels", "Distinct labels", d.uniqueLabels, HTMLText.grouped(d.uniqueLabels)),
            ("successful", "Accepted", d.accepted, HTMLText.grouped(d.accepted)),
            ("failed", "Errors", d.errors, HTMLText.grouped(d.errors)),
            ("success_rate", "Success rate", nil, d.successRate.map { $0 + "%" } ?? "–"),
        ]
        var html = "<section class=\"kpis\" id=\"overall\">"
        for (key, title, value, text) in items {
            let raw = value.map(String.init) ?? d.successRate ?? ""
            html += "<div class=\"kpi\" data-kpi=\"\(key)\" data-value=\"\(raw)\"><div class=\"kpi-value\">\(text)</div><div class=\"muted\">\(title)</div></div>"
        }
        return html + "</section>"
    }

    static func labelTypes(_ d: ReportData) -> String {
        let slices = d.labelTypes.map { SVGCharts.Slice(name: $0.type.rawValue, count: $0.count, color: typeColors[$0.type] ?? "#6b7280") }
        var html = "<section class=\"card\" id=\"label-types\"><h2>Samples by label type</h2><div class=\"split\">"
        html += SVGCharts.donut(slices, centerLabel: "samples")
        html += "<table class=\"legend\"><tbody>"
        for t in d.labelTypes {
            html += "<tr data-label-type=\"\(t.type.rawValue)\" data-count=\"\(t.count)\"><td><span class=\"swatch\" style=\"background:\(typeColors[t.type] ?? "#6b7280")\"></span>\(t.type.rawValue)</td><td class=\"num\">\(HTMLText.grouped(t.count))</td><td class=\"num muted\">\(HTMLText.percent(t.count, of: d.total))</td></tr>"
        }
        if d.labelTypes.isEmpty { html += "<tr><td class=\"muted\">No samples.</td></tr>" }
        return html + "</tbody></table></div></section>"
    }

    static func successRate(_ d: ReportData) -> String {
        var html = "<section class=\"card\" id=\"success-rate\" data-rate=\"\(d.successRate ?? "")\"><h2>Nyckel success rate</h2><div class=\"split\">"
        html += SVGCharts.gauge(percent: d.successRate.flatMap(Double.init), caption: "accepted of all samples")
        html += "<table class=\"legend\"><tbody>"
        let rows: [(String, String, Int, String)] = [
            ("accepted", "Accepted", d.accepted, "#16a34a"), ("rejected", "Rejected", d.rejected, "#d97706"),
            ("error", "Error", d.errors, "#dc2626"), ("submitted", "Pending", d.pending, "#9ca3af"),
        ]
        for (status, title, count, color) in rows {
            html += "<tr data-status=\"\(status)\" data-count=\"\(count)\"><td><span class=\"swatch\" style=\"background:\(color)\"></span>\(title)</td><td class=\"num\">\(HTMLText.grouped(count))</td><td class=\"num muted\">\(HTMLText.percent(count, of: d.total))</td></tr>"
        }
        return html + "</tbody></table></div></section>"
    }

    static func activity(_ d: ReportData) -> String {
        var html = "<section class=\"card\" id=\"activity\"><h2>Training activity</h2>"
        guard !d.days.isEmpty else { return html + "<p class=\"muted\">No activity yet.</p></section>" }
        let chart = SVGTimeCharts.activity(d.days.map { ($0.day, $0.samples) })
        let (granularity, _) = SVGTimeCharts.buckets(d.days.map { ($0.day, $0.samples) })
        let first = Timestamp.dateString(utcDay: d.days[0].day), last = Timestamp.dateString(utcDay: d.days[d.days.count - 1].day)
        html += "<p class=\"muted\">Samples per \(granularity.rawValue) by creation date, \(first) to \(last) (\(d.days.count) day\(d.days.count == 1 ? "" : "s") with samples).</p>"
        html += chart
        html += "<ol class=\"data\" hidden>"
        for day in d.days {
            html += "<li data-date=\"\(Timestamp.dateString(utcDay: day.day))\" data-samples=\"\(day.samples)\" data-unique-labels=\"\(day.uniqueLabels)\"></li>"
        }
        return html + "</ol></section>"
    }

    static func timelineSection(_ t: ReportTimeline) -> String {
        var html = "<section class=\"card\" id=\"timeline\"><h2>How the numbers changed</h2>"
        guard !t.points.isEmpty else { return html + "<p class=\"muted\">No events yet.</p></section>" }
        html += "<p class=\"muted\"><span class=\"key samples\"></span>live samples (left axis) and <span class=\"key rate\"></span>success rate (right axis) at the end of each day, replayed from the log.</p>"
        return html + SVGTimeCharts.timeline(t.points) + "</section>"
    }

    static func labelDistribution(_ d: ReportData, shown: Int) -> String {
        var html = "<section class=\"card\" id=\"labels\"><h2>Label distribution</h2><p class=\"muted\">Hatched bars marked ⚠ have fewer than \(d.balanceBelow) samples (the balance threshold).</p><div class=\"columns\">"
        for type in [LabelType.grade, .defect, .region] {
            let bars = d.labels[type] ?? []
            let below = bars.filter(\.belowBalance).count
            html += "<div class=\"labels\" data-label-type=\"\(type.rawValue)\" data-labels=\"\(bars.count)\" data-below=\"\(below)\"><h3>\(type.rawValue) <span class=\"muted\">\(bars.count) label\(bars.count == 1 ? "" : "s")\(below > 0 ? ", \(below) low" : "")</span></h3>"
            if bars.isEmpty { html += "<p class=\"muted\">None.</p></div>"; continue }
            var chartBars = bars.prefix(shown).map { SVGCharts.HBar(label: $0.label, count: $0.count, marked: $0.belowBalance) }
            html += SVGCharts.horizontalBars(chartBars, color: typeColors[type] ?? "#6b7280")
            chartBars.removeAll()
            if bars.count > shown {
                let rest = bars.dropFirst(shown)
                let lowRest = rest.filter(\.belowBalance).count
                html += "<p class=\"more\" data-more-labels=\"\(rest.count)\" data-more-count=\"\(rest.reduce(0) { $0 + $1.count })\">… and \(HTMLText.grouped(rest.count)) more labels with \(HTMLText.grouped(rest.reduce(0) { $0 + $1.count })) samples\(lowRest > 0 ? " (\(lowRest) low)" : "").</p>"
            }
            html += "</div>"
        }
        return html + "</div></section>"
    }

    static func table(id: String, title: String, rows: [ReportData.RowSummary], total: Int?, empty: String) -> String {
        var html = "<section class=\"card\" id=\"\(id)\" data-rows=\"\(rows.count)\"\(total.map { " data-total=\"\($0)\"" } ?? "")><h2>\(title)"
        if let total, total > rows.count { html += " <span class=\"muted\">newest \(rows.count) of \(HTMLText.grouped(total))</span>" }
        html += "</h2>"
        guard !rows.isEmpty else { return html + "<p class=\"muted\">\(empty)</p></section>" }
        html += "<table class=\"rows\"><thead><tr><th>created_at</th><th>label</th><th>type</th><th>status</th><th>id</th><th>image</th></tr></thead><tbody>"
        for r in rows {
            html += "<tr data-id=\"\(HTMLText.escape(r.id))\" data-status=\"\(HTMLText.escape(r.status))\"><td class=\"nowrap\">\(HTMLText.escape(r.createdAt))</td><td>\(HTMLText.escape(HTMLText.cut(r.label, 40)))</td><td class=\"nowrap\">\(HTMLText.escape(r.labelType))</td><td class=\"nowrap\"><span class=\"status \(HTMLText.escape(r.status))\">\(HTMLText.escape(r.status))</span></td><td class=\"id\" title=\"\(HTMLText.escape(r.id))\">\(HTMLText.escape(String(r.id.prefix(8))))…</td><td class=\"url\">\(HTMLText.escape(HTMLText.cut(r.imageURL, 48)))</td></tr>"
        }
        return html + "</tbody></table></section>"
    }
}
