import EventLog
import Foundation

/// Charts over time: training activity (columns) and samples with success rate (lines).
enum SVGTimeCharts {
    /// Columns are summed per day, per week or per month, whichever keeps them countable.
    enum Granularity: String {
        case day, week, month
        /// Days for short histories, Monday-based weeks up to two years, months beyond.
        static func forSpan(days: Int64) -> Granularity {
            days <= 92 ? .day : days <= 730 ? .week : .month
        }
    }

    /// One column: the samples created in a day, week or month.
    struct Bucket: Equatable {
        /// First day of the bucket (`YYYY-MM-DD`).
        var start: String
        var count: Int
    }

    /// Sums `days` (day number, samples) into buckets covering every day from the first to the
    /// last, empty ones included, so the columns are evenly spaced in time.
    /// - Complexity: O(last - first) days.
    static func buckets(_ days: [(day: Int64, samples: Int)]) -> (Granularity, [Bucket]) {
        guard let first = days.first?.day, let last = days.last?.day else { return (.day, []) }
        let granularity = Granularity.forSpan(days: last - first + 1)
        var byDay: [Int64: Int] = [:]
        for d in days { byDay[d.day, default: 0] += d.samples }
        var out: [Bucket] = []
        var key = ""
        for day in first...last {
            let date = Timestamp.dateString(utcDay: day)
            let k: String
            switch granularity {
            case .day: k = date
            case .week: k = Timestamp.dateString(utcDay: day - ((day + 3) % 7 + 7) % 7)  // Monday
            case .month: k = String(date.prefix(7))
            }
            if k != key || out.isEmpty {
                key = k
                out.append(Bucket(start: granularity == .month ? k + "-01" : k, count: 0))
            }
            out[out.count - 1].count += byDay[day] ?? 0
        }
        return (granularity, out)
    }

    static let width = 1000.0, height = 240.0, right = 56.0, top = 14.0, bottom = 36.0
    /// The left margin when the axis labels fit in it; wider labels widen it (`left(forMax:)`).
    static let minimumLeft = 56.0

    /// The left margin for a left axis up to `max`: room for its widest label (the top one, as
    /// `axisLabelWidth` estimates it) and the 6-unit gap, so a label such
    /// as "1,000,000" is never cut at the edge of the chart.
    static func left(forMax max: Int) -> Double {
        Swift.max(minimumLeft, (axisLabelWidth(HTMLText.grouped(max)) + 6 + 4).rounded(.up))
    }

    /// An upper estimate of `text`'s width in user units at the axis font size (11px): digits and
    /// most letters 0.64 em, `,` `.` 0.32 em, `%` 0.95 em (DejaVu Sans, the widest of the fonts
    /// the page names).
    static func axisLabelWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { sum, c in
            sum + 11 * (c == "," || c == "." ? 0.32 : c == "%" ? 0.95 : 0.64)
        }
    }

    /// A round axis maximum at or above `value`: 1, 2 or 5 times a power of ten.
    static func niceMax(_ value: Int) -> Int {
        guard value > 0 else { return 1 }
        var step = 1
        while true {
            for m in [1, 2, 5] where m * step >= value { return m * step }
            step *= 10
        }
    }

    /// How many intervals the axis up to `max` (a `niceMax`) is cut into so that every tick is a
    /// whole, round number: 5 for 1×10ⁿ and 5×10ⁿ, 4 for 2×10ⁿ, and `max` itself below 5.
    static func gridSteps(_ max: Int) -> Int {
        guard max >= 5 else { return Swift.max(max, 1) }
        var leading = max
        while leading >= 10 { leading /= 10 }
        return leading == 2 ? 4 : 5
    }

    /// Horizontal grid lines with their values on the left axis.
    static func yGrid(max: Int, left: Double, suffix: String = "", x: Double? = nil, anchor: String = "end") -> String {
        let x = x ?? left
        var svg = ""
        let plotH = height - top - bottom
        let steps = gridSteps(max)
        for i in 0...steps {
            let y = top + plotH - plotH * Double(i) / Double(steps)
            if anchor == "end" {
                svg += "<line x1=\"\(fixed(left))\" x2=\"\(fixed(width - right))\" y1=\"\(fixed(y))\" y2=\"\(fixed(y))\" class=\"grid\"/>"
            }
            let value = max * i / steps
            let tx = anchor == "end" ? x - 6 : x + 6
            svg += "<text x=\"\(fixed(tx))\" y=\"\(fixed(y + 4))\" text-anchor=\"\(anchor)\" class=\"axis\">\(HTMLText.grouped(value))\(suffix)</text>"
        }
        return svg
    }

    /// Labels along the x axis at `positions`, thinned so that neighbours are at least
    /// `spacing` units apart (they never overlap however many columns there are).
    static func xLabels(_ items: [(x: Double, text: String)], spacing: Double = 90) -> String {
        var svg = ""
        var lastX = -Double.infinity
        for item in items where item.x - lastX >= spacing {
            svg += "<text x=\"\(fixed(item.x))\" y=\"\(fixed(height - bottom + 18))\" text-anchor=\"middle\" class=\"axis\">\(HTMLText.escape(item.text))</text>"
            lastX = item.x
        }
        return svg
    }

    /// Columns of samples per day (or week, or month) over the whole history.
    static func activity(_ days: [(day: Int64, samples: Int)]) -> String {
        let (granularity, buckets) = buckets(days)
        let maxCount = niceMax(buckets.map(\.count).max() ?? 0)
        let left = Self.left(forMax: maxCount)
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = "<svg class=\"activity\" viewBox=\"0 0 \(fixed(width, 0)) \(fixed(height, 0))\" data-granularity=\"\(granularity.rawValue)\" data-buckets=\"\(buckets.count)\" role=\"img\">"
        svg += yGrid(max: maxCount, left: left)
        let slot = plotW / Double(max(buckets.count, 1))
        let gap = slot > 6 ? slot * 0.18 : 0
        var labels: [(x: Double, text: String)] = []
        for (i, b) in buckets.enumerated() {
            let h = Double(b.count) / Double(maxCount) * plotH
            let x = left + Double(i) * slot
            svg += "<rect class=\"bucket\" data-start=\"\(b.start)\" data-count=\"\(b.count)\" x=\"\(fixed(x + gap / 2, 2))\" y=\"\(fixed(top + plotH - h, 2))\" width=\"\(fixed(max(slot - gap, 0.5), 2))\" height=\"\(fixed(h, 2))\"><title>\(b.start)\(granularity == .day ? "" : " (\(granularity.rawValue))"): \(HTMLText.grouped(b.count))</title></rect>"
            labels.append((x + slot / 2, granularity == .month ? String(b.start.prefix(7)) : b.start))
        }
        svg += xLabels(labels)
        svg += "<line x1=\"\(fixed(left))\" x2=\"\(fixed(width - right))\" y1=\"\(fixed(top + plotH))\" y2=\"\(fixed(top + plotH))\" class=\"axisline\"/>"
        return svg + "</svg>"
    }

    /// Live samples (left axis) and success rate in percent (right axis) at the end of each day.
    static func timeline(_ points: [ReportTimeline.Point]) -> String {
        guard let first = points.first, let last = points.last else { return "" }
        let maxSamples = niceMax(points.map(\.samples).max() ?? 0)
        let left = Self.left(forMax: maxSamples)
        let plotW = width - left - right, plotH = height - top - bottom
        let span = Double(max(last.day - first.day, 1))
        func x(_ day: Int64) -> Double {
            last.day == first.day ? left + plotW / 2 : left + Double(day - first.day) / span * plotW
        }
        // At most ~1,000 vertices per line: keep every k-th point and the last.
        let step = max(points.count / 1000, 1)
        let shown = points.enumerated().filter { $0.offset % step == 0 || $0.offset == points.count - 1 }.map(\.element)
        var samples = "", rate = ""
        for p in shown {
            let px = fixed(x(p.day), 2)
            samples += "\(px),\(fixed(top + plotH - Double(p.samples) / Double(maxSamples) * plotH, 2)) "
            if let r = p.successRate { rate += "\(px),\(fixed(top + plotH - r / 100 * plotH, 2)) " }
        }
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(fixed(width, 0)) \(fixed(height, 0))\" data-points=\"\(points.count)\" data-final-samples=\"\(last.samples)\" data-final-accepted=\"\(last.accepted)\" role=\"img\">"
        svg += yGrid(max: maxSamples, left: left)
        svg += yGrid(max: 100, left: left, suffix: "%", x: width - right, anchor: "start")
        svg += "<polyline class=\"line-samples\" fill=\"none\" points=\"\(samples)\"/>"
        svg += "<polyline class=\"line-rate\" fill=\"none\" points=\"\(rate)\"/>"
        if shown.count == 1 {
            svg += "<circle cx=\"\(fixed(x(last.day)))\" cy=\"\(fixed(top + plotH - Double(last.samples) / Double(maxSamples) * plotH))\" r=\"4\" class=\"dot-samples\"/>"
        }
        let ticks = last.day == first.day ? [first.day] : (0...6).map { first.day + Int64(Double(last.day - first.day) * Double($0) / 6) }
        svg += xLabels(ticks.map { (x($0), Timestamp.dateString(utcDay: $0)) })
        svg += "<line x1=\"\(fixed(left))\" x2=\"\(fixed(width - right))\" y1=\"\(fixed(top + plotH))\" y2=\"\(fixed(top + plotH))\" class=\"axisline\"/>"
        return svg + "</svg>"
    }

    private static func fixed(_ x: Double, _ digits: Int = 1) -> String { HTMLText.fixed(x, digits) }
}
