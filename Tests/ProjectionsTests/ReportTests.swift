import EventLog
import Foundation
@testable import Projections
import SampleDomain
import Testing

/// The HTML report: escaping, empty and one-day logs, long histories, many labels, and numbers
/// that equal the queries'.
/// `t` moved by `seconds`.
private func plus(_ t: Timestamp, _ seconds: Int) -> Timestamp {
    Timestamp(microseconds: t.microseconds + Int64(seconds) * 1_000_000)
}

@Suite("HTML report")
struct ReportTests {
    static let context = ReportPage.Context(logName: "test-log", seq: 0, generatedAt: t0)

    static func page(_ fold: Fold, labelsShown: Int = 25) -> String {
        var timeline = ReportTimeline()
        var replay = ProjectionSet()
        for (seq, event) in fold.events {
            replay.apply(event, seq: seq)
            timeline.observe(occurredAt: event.occurredAt, after: replay)
        }
        var context = Self.context
        context.seq = fold.set.lastSeq
        context.labelsShown = labelsShown
        // An in-memory fold keeps every column, so no row is read back from a log: this cannot throw.
        return ReportPage.render(try! ReportData(fold.set), timeline: timeline, context: context)
    }

    /// Every match of `pattern` in `text`, as its capture groups.
    static func captures(_ text: String, _ pattern: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    /// The page loads nothing and runs nothing.
    static func expectSelfContained(_ html: String) {
        for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "url(http", "@font-face"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
        #expect((try? Self.captures(html, #"<[^>]*\s(src|href|action)="#))?.isEmpty == true)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    }

    @Test func labelsAndUserTextAreEscaped() throws {
        var fold = Fold()
        let nasty = "<script>alert('x')</script> & \"q\""
        fold.add(sid(1), t0, submitted(nasty, .defect, url: "https://x/\"><img src=y>"))
        fold.add(sid(1), t0, responded(.error, error: "<b>boom</b>"))
        let html = Self.page(fold)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(html.contains("&quot;&gt;&lt;img src=y&gt;"))
        Self.expectSelfContained(html)
        #expect(HTMLText.escape("a\u{1}b\tc") == "ab\tc")
    }

    @Test func emptyLogRendersSensibly() throws {
        let html = Self.page(Fold())
        #expect(html.contains("No samples yet"))
        #expect(try Self.captures(html, #"data-kpi="total_samples" data-value="(\d+)""#) == [["0"]])
        #expect(try Self.captures(html, #"data-kpi="success_rate" data-value="([^"]*)""#) == [[""]])
        #expect(html.contains("No activity yet.") && html.contains("No events yet."))
        #expect(!html.contains("NaN") && !html.contains("inf"))
        Self.expectSelfContained(html)
    }

    @Test func oneDayLogRendersOneColumnAndOnePoint() throws {
        var fold = Fold()
        for n in 1...5 { fold.add(sid(UInt64(n)), plus(t0, n * 60), submitted(n % 2 == 0 ? "pristine" : "damaged")) }
        fold.add(sid(2), plus(t0, 900), responded(.accepted))
        let html = Self.page(fold)
        #expect(try Self.captures(html, #"class="activity"[^>]*data-granularity="(\w+)" data-buckets="(\d+)""#) == [["day", "1"]])
        #expect(try Self.captures(html, #"class="bucket" data-start="([-0-9]+)" data-count="(\d+)""#) == [["2026-11-25", "5"]])
        #expect(try Self.captures(html, #"class="timeline"[^>]*data-points="(\d+)" data-final-samples="(\d+)" data-final-accepted="(\d+)""#)
            == [["1", "5", "1"]])
        #expect(!html.contains("NaN"))
    }

    @Test func gradesComeInNaturalOrderAndLowLabelsAreMarked() throws {
        var fold = Fold()
        var n: UInt64 = 0
        for (label, count) in [("damaged", 12), ("pristine", 3), ("zzz_custom", 20), ("near_mint", 11)] {
            for _ in 0..<count { n += 1; fold.add(sid(n), t0, submitted(label)) }
        }
        let html = Self.page(fold)
        let bars = try Self.captures(html, #"class="hbar" data-label="([^"]*)" data-count="(\d+)" data-below="(\w+)""#)
        #expect(bars == [["pristine", "3", "true"], ["near_mint", "11", "false"], ["damaged", "12", "false"],
                         ["zzz_custom", "20", "false"]])
    }

    @Test func numbersEqualTheQueries() throws {
        var fold = Fold()
        for generated in DemoGenerator(seed: 7, samples: 600) { fold.add(generated.event.sampleID, generated.event.occurredAt, generated.event.body) }
        let html = Self.page(fold)
        let overall = try fold.query(.overall).texts[0]
        let kpis = try Self.captures(html, #"data-kpi="(\w+)" data-value="([^"]*)""#)
        #expect(kpis.map { $0[1] } == [String(fold.set.lastSeq)] + overall.map { $0 ?? "" })
        let types = try Self.captures(html, #"<tr data-label-type="(\w+)" data-count="(\d+)""#)
        #expect(types == (try fold.query(.labelTypes).texts.map { $0.compactMap { $0 } }))
        let slices = try Self.captures(html, #"class="slice" data-name="(\w+)" data-count="(\d+)""#)
        #expect(slices == types)
        for status in NyckelStatus.allCases {
            #expect(try Self.captures(html, #"data-status="\#(status.rawValue)" data-count="(\d+)""#) == [[String(fold.set.count(status: status))]])
        }
        var bars: [[String]] = []
        for type in [LabelType.grade, .defect, .region] {
            let rows = try fold.query(.labels) { $0.labelType = type }.texts
            let low = Set(try fold.query(.balance) { $0.labelType = type }.texts.map { $0[0] ?? "" })
            var expected = rows.map { [$0[0] ?? "", $0[2] ?? "", String(low.contains($0[0] ?? ""))] }
            if type == .grade {
                expected = ReportData.gradeOrder.compactMap { g in expected.first { $0[0] == g } }
                    + expected.filter { !ReportData.gradeOrder.contains($0[0]) }
            }
            bars += expected
        }
        #expect(try Self.captures(html, #"class="hbar" data-label="([^"]*)" data-count="(\d+)" data-below="(\w+)""#) == bars)
        let daily = try Self.captures(html, #"<li data-date="([-0-9]+)" data-samples="(\d+)" data-unique-labels="(\d+)""#)
        #expect(daily == (try fold.query(.daily) { $0.days = Int.max }.texts.reversed().map { $0.compactMap { $0 } }))
        let activityTotal = try Self.captures(html, #"class="bucket" data-start="[-0-9]+" data-count="(\d+)""#).reduce(0) { $0 + (Int($1[0]) ?? 0) }
        #expect(activityTotal == fold.set.liveCount)
        let problems = try fold.query(.problems).texts.map { $0[0] ?? "" }
        let problemSection = try #require(html.range(of: "id=\"problems\"")).lowerBound
        let shown = try Self.captures(String(html[problemSection...]), #"<tr data-id="([-0-9a-f]+)" data-status="(?:error|rejected)""#).map { $0[0] }
        #expect(shown == Array(problems.prefix(20)))
        #expect(try Self.captures(html, #"id="problems" data-rows="\d+" data-total="(\d+)""#) == [[String(problems.count)]])
        #expect(try Self.captures(html, #"data-final-samples="(\d+)""#) == [[String(fold.set.liveCount)]])
    }

    @Test func tenThousandDaysAggregateAndAxisLabelsKeepApart() throws {
        var fold = Fold()
        for n in 0..<10_000 { fold.add(sid(UInt64(n + 1)), plus(t0, (n - 10_000) * 86_400), submitted("pristine")) }
        let html = Self.page(fold)
        let activity = try #require(Self.captures(html, #"(<svg class="activity".*?</svg>)"#).first?.first)
        #expect(activity.contains("data-granularity=\"month\""))
        let buckets = try Self.captures(activity, #"data-count="(\d+)""#).map { Int($0[0]) ?? 0 }
        #expect(buckets.reduce(0, +) == 10_000 && buckets.count <= 330)
        for svg in [activity, try #require(Self.captures(html, #"(<svg class="timeline".*?</svg>)"#).first?.first)] {
            let xs = try Self.captures(svg, #"<text x="([0-9.]+)" y="([0-9.]+)" text-anchor="middle" class="axis""#)
                .filter { $0[1] == "222.0" }.compactMap { Double($0[0]) }
            #expect(xs.count >= 2)
            for (a, b) in zip(xs, xs.dropFirst()) { #expect(b - a >= 90) }
        }
    }

    /// A million samples: every left-axis label ("1,000,000") starts inside its chart, and the
    /// donut's total ("980,221") is shrunk to fit the hole (both were cut or overlapped at 1M).
    @Test func millionSampleNumbersFitTheirCharts() throws {
        let timeline = ReportTimeline(points: [(20_000, 0), (20_100, 500_000), (20_300, 980_221)].map { day, samples in
            ReportTimeline.Point(day: day, samples: samples, accepted: samples / 2, rejected: 0, errors: 0)
        })
        let chart = SVGTimeCharts.timeline(timeline.points)
        let labels = try Self.captures(chart, #"<text x="([0-9.]+)" y="[0-9.]+" text-anchor="end" class="axis">([0-9,]+)</text>"#)
        #expect(labels.map { $0[1] }.last == "1,000,000")
        for label in labels {
            #expect((Double(label[0]) ?? 0) - SVGTimeCharts.axisLabelWidth(label[1]) >= 0, "\(label)")
        }
        let activity = SVGTimeCharts.activity([(20_000, 2_000_000)])
        let top = try #require(Self.captures(activity, #"<text x="([0-9.]+)" y="[0-9.]+" text-anchor="end" class="axis">2,000,000</text>"#).first)
        #expect((Double(top[0]) ?? 0) - SVGTimeCharts.axisLabelWidth("2,000,000") >= 0)
        // Small numbers keep the old margin and size.
        #expect(SVGTimeCharts.left(forMax: 50_000) == 56)
        let donut = SVGCharts.donut([.init(name: "grade", count: 980_221, color: "#000")], centerLabel: "samples")
        let scale = try #require(Self.captures(donut, #"translate\(110 108\) scale\(([0-9.]+)\)" text-anchor="middle" class="big">980,221<"#).first)
        #expect((Double(scale[0]) ?? 9) * SVGCharts.bigTextWidth("980,221") <= SVGCharts.holeTextWidth + 0.5)
        #expect(SVGCharts.donut([.init(name: "grade", count: 1_960, color: "#000")], centerLabel: "samples")
            .contains(#"<text x="110" y="108" text-anchor="middle" class="big">1,960</text>"#))
    }

    @Test func fiveHundredLabelsAreCutAndSummed() throws {
        var fold = Fold()
        for n in 1...500 { fold.add(sid(UInt64(n)), t0, submitted(String(format: "defect-%03d", n), .defect)) }
        let html = Self.page(fold)
        #expect(try Self.captures(html, #"class="hbar""#).count == 25)
        #expect(try Self.captures(html, #"data-more-labels="(\d+)" data-more-count="(\d+)""#) == [["475", "475"]])
        #expect(try Self.captures(html, #"data-label-type="defect" data-labels="(\d+)" data-below="(\d+)""#) == [["500", "500"]])
    }

    @Test func bucketsChooseTheirGranularityAndCoverEveryDay() {
        let (g1, b1) = SVGTimeCharts.buckets([(0, 1), (2, 3)])
        #expect(g1 == .day && b1 == [.init(start: "1970-01-01", count: 1), .init(start: "1970-01-02", count: 0), .init(start: "1970-01-03", count: 3)])
        let (g2, b2) = SVGTimeCharts.buckets([(4, 1), (10, 2), (11, 5), (200, 1)])  // 1970-01-05 is a Monday
        #expect(g2 == .week && b2.first == .init(start: "1970-01-05", count: 3) && b2[1] == .init(start: "1970-01-12", count: 5))
        #expect(b2.reduce(0) { $0 + $1.count } == 9)
        #expect(SVGTimeCharts.niceMax(0) == 1 && SVGTimeCharts.niceMax(7) == 10 && SVGTimeCharts.niceMax(130) == 200)
        for max in [1, 2, 5, 10, 20, 50, 100, 200, 5_000] {
            let steps = SVGTimeCharts.gridSteps(max)
            #expect(max % steps == 0 && (1...5).contains(steps), "\(max)")
        }
    }
}
