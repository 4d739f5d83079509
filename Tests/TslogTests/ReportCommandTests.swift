import Foundation
import TestSupport
import Testing
@testable import tslog

/// `tslog report` run like a user runs it, its numbers checked against `tslog query`, and the
/// page rendered by a real browser (headless Chromium) when one is installed.
@Suite("tslog report")
struct ReportCommandTests {
    /// Every match of `pattern` in `text`, as its capture groups.
    static func captures(_ text: String, _ pattern: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    /// `tslog query ARGS --format json` parsed.
    static func queryJSON(_ log: String, _ arguments: [String]) throws -> Any {
        let r = runInProcess(["query"] + arguments + ["--log", log, "--format", "json"])
        try #require(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let n as NSNumber: n.stringValue
        case let s as String: s
        default: ""
        }
    }

    /// Checks every widget of a report page (the file, or the DOM a browser made of it) and that
    /// its numbers are `tslog query`'s for `log`.
    static func expectWidgetsMatchQueries(_ html: String, log: String) throws {
        for id in ["overall", "label-types", "success-rate", "activity", "timeline", "labels", "recent", "problems"] {
            #expect(html.contains("id=\"\(id)\""), "widget \(id) missing")
        }
        let overall = try #require(try queryJSON(log, ["overall"]) as? [String: Any])
        let kpis = Dictionary(uniqueKeysWithValues: try captures(html, #"data-kpi="(\w+)" data-value="([^"]*)""#).map { ($0[0], $0[1]) })
        for key in ["total_samples", "unique_labels", "successful", "failed"] {
            #expect(kpis[key] == text(overall[key]), "\(key)")
        }
        #expect(Double(kpis["success_rate"] ?? "") == (overall["success_rate"] as? NSNumber)?.doubleValue)
        let types = try #require(try queryJSON(log, ["label-types"]) as? [[String: Any]])
        #expect(try captures(html, #"<tr data-label-type="(\w+)" data-count="(\d+)""#)
            == types.map { [text($0["label_type"]), text($0["sample_count"])] })
        var expectedBars: Set<[String]> = []
        for type in ["grade", "defect", "region"] {
            for row in try #require(try queryJSON(log, ["labels", "--label-type", type]) as? [[String: Any]]) {
                expectedBars.insert([text(row["label"]), text(row["count"])])
            }
        }
        let bars = try captures(html, #"class="hbar" data-label="([^"]*)" data-count="(\d+)""#)
        #expect(Set(bars) == expectedBars && bars.count == expectedBars.count)
        let daily = try #require(try queryJSON(log, ["daily", "--days", "100000"]) as? [[String: Any]])
        #expect(try captures(html, #"<li data-date="([-0-9]+)" data-samples="(\d+)""#)
            == daily.reversed().map { [text($0["training_date"]), text($0["samples_submitted"])] })
        let problems = try #require(try queryJSON(log, ["problems"]) as? [[String: Any]])
        #expect(try captures(html, #"id="problems" data-rows="\d+" data-total="(\d+)""#) == [[String(problems.count)]])
        let problemStart = try #require(html.range(of: "id=\"problems\"")).lowerBound
        let problemPart = String(html[problemStart...])
        #expect(try captures(problemPart, #"<tr data-id="([-0-9a-f]+)""#).map { $0[0] }
            == problems.prefix(20).map { text($0["id"]) })
        #expect(try captures(html, #"data-final-samples="(\d+)""#) == [[kpis["total_samples"] ?? "?"]])
    }

    @Test func demoReportNumbersEqualTheQueries() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(runInProcess(["demo", "--log", log, "--samples", "400", "--seed", "3"]).status == 0)
        let out = dir.appendingPathComponent("report.html").path
        let r = runInProcess(["report", "--log", log, "--out", out])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.contains("written to \(out)"))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        try Self.expectWidgetsMatchQueries(html, log: log)
        // Without --out the same page goes to standard output; as of seq 0 it is the empty page.
        let empty = runInProcess(["report", "--log", log, "--as-of-seq", "0"])
        #expect(empty.status == 0 && empty.stdout.contains("No samples yet") && empty.stdout.contains("data-value=\"0\""))
        #expect(runInProcess(["report", "--log", log, "--as-of-seq", "1", "--as-of", "2026-01-01T00:00:00Z"]).status == 64)
    }

    /// `--as-of-tag NAME` works for the report as wherever `--as-of-seq` does (README): the page
    /// of a dataset version is the page at its seq, byte for byte. It was an unknown option.
    @Test func asOfTagGivesThePageAtTheTagsSeq() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(runInProcess(["demo", "--log", log, "--samples", "60", "--seed", "5", "--crops", "0"]).status == 0)
        #expect(runInProcess(["tag", "model-v1", "--at-seq", "50", "--log", log]).status == 0)
        let clock = ["SOURCE_DATE_EPOCH": "1800000000"]
        let byTag = runInProcess(["report", "--log", log, "--as-of-tag", "model-v1"], environment: clock)
        let bySeq = runInProcess(["report", "--log", log, "--as-of-seq", "50"], environment: clock)
        #expect(byTag.status == 0, "\(byTag.stderr)")
        #expect(byTag.stdout == bySeq.stdout && bySeq.stdout.contains(#"data-kpi="seq" data-value="50""#))
        #expect(runInProcess(["report", "--log", log, "--as-of-tag", "model-v1", "--as-of-seq", "3"]).status == 64)
        let missing = runInProcess(["report", "--log", log, "--as-of-tag", "nope"])
        #expect(missing.status == 1 && missing.stderr.contains("no tag named 'nope'"))
    }

    /// Headless Chromium, if installed: `chromium`, `chromium-browser`, `google-chrome`.
    static func chromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    @Test func demoReportRendersInHeadlessChromium() throws {
        guard let browser = Self.chromium() else {
            try #require(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_CHROMIUM"] != "1",
                         "TSLOG_REQUIRE_CHROMIUM=1 but no chromium on PATH")
            print("skipping the browser test: chromium is not installed (apt-get install chromium)")
            return
        }
        let runner = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let out = dir.appendingPathComponent("report.html").path
        #expect(try runner.run(["demo", "--log", log, "--samples", "2000"]).status == 0)
        let report = try runner.run(["report", "--log", log, "--out", out])
        try #require(report.status == 0, "\(report.stderrText)")
        let environment = ["HOME": dir.path, "PATH": "/usr/bin:/bin"]
        let common = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                      "--user-data-dir=\(dir.path)/profile"]
        let dom = dir.appendingPathComponent("dom.html").path
        let dumped = try ChildProcess.spawn(browser, common + ["--dump-dom", "file://\(out)"], environment: environment,
                                            stdout: dom, stderr: dir.appendingPathComponent("dump.err").path)
        #expect(try dumped.wait(timeout: 120) == 0)
        let html = try String(contentsOfFile: dom, encoding: .utf8)
        try #require(html.contains("<svg"), "chromium dumped no page: \(html.prefix(200))")
        try Self.expectWidgetsMatchQueries(html, log: log)
        let png = dir.appendingPathComponent("report.png").path
        let shot = try ChildProcess.spawn(browser, common + ["--screenshot=\(png)", "--window-size=1280,2000", "file://\(out)"],
                                          environment: environment, stderr: dir.appendingPathComponent("shot.err").path)
        #expect(try shot.wait(timeout: 120) == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.count > 50_000 && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR width and height, big-endian at bytes 16..<24.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 2000)
        if let keep = ProcessInfo.processInfo.environment["TSLOG_REPORT_SCREENSHOT"], !keep.isEmpty {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
        }
    }
}
