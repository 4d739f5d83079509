import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("The stats dashboard")
struct StatsTests {
    static func fold() -> Fold {
        var fold = Fold()
        var n: UInt64 = 0
        let plan: [(String, LabelType, String, Int)] = [
            ("pristine", .grade, "2026-11-25T10:00:00Z", 12), ("near_mint", .grade, "2026-11-24T10:00:00Z", 6),
            ("damaged", .grade, "2026-11-24T23:59:59.999999Z", 2), ("Spine Tick", .defect, "2026-11-23T00:00:00Z", 4),
            ("spine", .region, "2026-11-25T00:00:00Z", 1),
        ]
        for (label, type, time, count) in plan {
            for _ in 0..<count { n += 1; fold.add(sid(n), at(time), submitted(label, type)) }
        }
        for k: UInt64 in 1...15 { fold.add(sid(k), t0, responded(.accepted)) }
        for k: UInt64 in 16...17 { fold.add(sid(k), t0, responded(.error)) }
        fold.add(sid(18), t0, responded(.rejected))
        return fold
    }

    @Test func json() {
        let report = StatsReport(Self.fold().set)
        let expected = #"{"overall":{"total_samples":25,"unique_labels":5,"successful":15,"failed":2,"success_rate":60.00},"#
            + #""label_types":[{"label_type":"grade","sample_count":20},{"label_type":"defect","sample_count":4},{"label_type":"region","sample_count":1}],"#
            + #""grades":[{"label":"pristine","label_type":"grade","count":12},{"label":"near_mint","label_type":"grade","count":6},{"label":"damaged","label_type":"grade","count":2}],"#
            + #""statuses":[{"nyckel_status":"submitted","count":7},{"nyckel_status":"accepted","count":15},{"nyckel_status":"rejected","count":1},{"nyckel_status":"error","count":2}],"#
            + #""daily":[{"training_date":"2026-11-25","samples_submitted":13,"unique_labels":2},{"training_date":"2026-11-24","samples_submitted":8,"unique_labels":2},{"training_date":"2026-11-23","samples_submitted":4,"unique_labels":1}],"#
            + #""below_balance":[{"label":"damaged","count":2},{"label":"near_mint","count":6}]}"# + "\n"
        #expect(report.renderJSON() == expected)
    }

    @Test func thresholds() {
        let report = StatsReport(Self.fold().set, balanceBelow: 3, days: 1)
        #expect(report.belowBalance.texts == [["damaged", "2"]])
        #expect(report.daily.texts == [["2026-11-25", "13", "2"]])
        #expect(StatsReport(Self.fold().set, days: -5).daily.rows.isEmpty)
    }

    @Test func table() {
        let expected = """
            Overall
              samples 25   labels 5   accepted 15   error 2   success rate 60.00%

            Label types
              grade  ████████████████████████████████████████████████████████████████████ 20
              defect █████████████▌                                                        4
              region ███▍                                                                  1

            Grades
              pristine  █████████████████████████████████████████████████████████████████ 12
              near_mint ████████████████████████████████▌                                  6
              damaged   ██████████▊                                                        2

            Nyckel status (submitted = pending)
              submitted ██████████████████████████████▎                                    7
              accepted  █████████████████████████████████████████████████████████████████ 15
              rejected  ████▎                                                              1
              error     ████████▋                                                          2

            Daily — the last 3 days with samples: 25 samples
              2026-11-23 ▃▅█ 2026-11-25
              2026-11-25 ████████████████████████████████████████████████████████████████ 13
              2026-11-24 ███████████████████████████████████████▍                          8
              2026-11-23 ███████████████████▋                                              4

            Below balance (grade labels with fewer than 10 samples)
              damaged 2 · near_mint 6

            """
        let out = StatsReport(Self.fold().set).renderTable()
        #expect(out == expected)
        #expect(out.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 80 })
    }

    @Test func emptyDashboard() {
        let report = StatsReport(ProjectionSet())
        #expect(report.renderJSON() == #"{"overall":{"total_samples":0,"unique_labels":0,"successful":0,"failed":0,"success_rate":null},"label_types":[],"grades":[],"statuses":[{"nyckel_status":"submitted","count":0},{"nyckel_status":"accepted","count":0},{"nyckel_status":"rejected","count":0},{"nyckel_status":"error","count":0}],"daily":[],"below_balance":[]}"# + "\n")
        let table = report.renderTable()
        #expect(table.contains("success rate —"))
        #expect(table.contains("Daily — no days with samples\n  (none)\n"))
    }

    @Test func barsScaleToTheLargest() {
        #expect(BarChart.bar(10, maximum: 10, width: 4) == "████")
        #expect(BarChart.bar(5, maximum: 10, width: 4) == "██")
        #expect(BarChart.bar(1, maximum: 16, width: 4) == "▎")
        #expect(BarChart.bar(1, maximum: 1_000_000, width: 4) == "▏")
        #expect(BarChart.bar(0, maximum: 10, width: 4) == "")
        #expect(BarChart.sparkline([0, 1, 4, 8]) == " ▁▄█")
    }
}

extension StatsTests {
    /// Big counts, long labels and 30 days still fit 80 columns, and 60 when asked.
    @Test func fitsTheTerminal() {
        var fold = Fold()
        var n: UInt64 = 0
        for day in 0..<40 {
            let when = Timestamp(microseconds: at("2026-10-01T00:00:00Z").microseconds + Int64(day) * 86_400_000_000)
            for k in 0..<(day % 7 + 1) {
                n += 1
                fold.add(sid(n), when, submitted(k == 0 ? "an extremely long grade label that will not fit 您好🙂" : "g\(k)"))
            }
        }
        for width in [60, 80] {
            let out = StatsReport(fold.set, balanceBelow: 1_000_000).renderTable(width: width)
            for line in out.split(separator: "\n") {
                #expect(TextWidth.of(line) <= width, "width \(width): \(line)")
            }
            #expect(out.contains("Grades (top 8 of 7)") == false)
        }
        #expect(StatsReport(fold.set).renderTable().contains("Daily — the last 30 days with samples: 121 samples\n"))
    }
}
