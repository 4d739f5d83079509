import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("The guide's queries on hand-written logs")
struct QueryTests {
    @Test func emptySet() throws {
        let fold = Fold()
        for name in QueryName.allCases where name != .overall {
            let result = try fold.query(name) { $0.label = "x" }
            #expect(result.rows.isEmpty, "\(name)")
            #expect(!result.singleObject)
            #expect(result.render(.json) == "[]\n")
        }
        let overall = try fold.query(.overall)
        #expect(overall.singleObject)
        #expect(overall.rows == [[.int(0), .int(0), .int(0), .int(0), .null]])
        #expect(overall.render(.json)
                == #"{"total_samples":0,"unique_labels":0,"successful":0,"failed":0,"success_rate":null}"# + "\n")
    }

    @Test func labelTypesOrderByCountThenName() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a", .region))
        fold.add(sid(2), t0, submitted("b", .grade))
        fold.add(sid(3), t0, submitted("c", .defect))
        fold.add(sid(4), t0, submitted("d", .defect))
        let result = try fold.query(.labelTypes)
        #expect(result.columns == ["label_type", "sample_count"])
        // grade and region tie at 1: byte order puts grade first.
        #expect(result.texts == [["defect", "2"], ["grade", "1"], ["region", "1"]])
    }

    @Test func labelsTiesAndFilter() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("pristine"))
        fold.add(sid(2), t0, submitted("pristine"))
        fold.add(sid(3), t0, submitted("damaged"))
        fold.add(sid(4), t0, submitted("near_mint"))
        fold.add(sid(5), t0, submitted("damaged", .defect))
        let all = try fold.query(.labels)
        #expect(all.columns == ["label", "label_type", "count"])
        #expect(all.texts == [["pristine", "grade", "2"], ["damaged", "defect", "1"], ["damaged", "grade", "1"],
                              ["near_mint", "grade", "1"]])
        let grades = try fold.query(.labels) { $0.labelType = .grade }
        #expect(grades.texts == [["pristine", "grade", "2"], ["damaged", "grade", "1"], ["near_mint", "grade", "1"]])
    }

    @Test func relabelAcrossLabelTypesMovesTheSample() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("spine", .grade))
        fold.add(sid(2), t0, submitted("spine", .grade))
        fold.add(sid(1), t0, .relabeled(SampleRelabeled(label: "spine", labelType: .region)))
        #expect(try fold.query(.labels).texts == [["spine", "grade", "1"], ["spine", "region", "1"]])
        #expect(try fold.query(.labelTypes).texts == [["grade", "1"], ["region", "1"]])
        #expect(try fold.query(.overall).rows[0][1] == .int(1))   // one distinct label text
        #expect(try fold.query(.balance).texts == [["spine", "1"]])
        #expect(try fold.query(.balance) { $0.labelType = .region }.texts == [["spine", "1"]])
        fold.add(sid(2), t0, .relabeled(SampleRelabeled(label: "corner", labelType: .region)))
        #expect(try fold.query(.labels).texts == [["corner", "region", "1"], ["spine", "region", "1"]])
        #expect(try fold.query(.balance).rows.isEmpty)
        #expect(try fold.query(.daily).texts == [["2026-11-25", "2", "2"]])
    }

    @Test func failedAndProblemsOrderNewestFirstThenID() throws {
        var fold = Fold()
        let early = at("2026-11-24T08:00:00Z")
        fold.add(sid(3), t0, submitted("a"))
        fold.add(sid(1), t0, submitted("b"))
        fold.add(sid(2), early, submitted("c"))
        fold.add(sid(4), t0, submitted("d"))
        fold.add(sid(5), t0, submitted("e"))
        for n: UInt64 in [1, 2, 3] { fold.add(sid(n), t0, responded(.error)) }
        fold.add(sid(4), t0, responded(.rejected))
        fold.add(sid(5), t0, responded(.accepted))
        let failed = try fold.query(.failed)
        #expect(failed.columns == ["id", "created_at", "label", "label_type", "image_url", "nyckel_status"])
        #expect(failed.texts.map { $0[0] } == [sid(1), sid(3), sid(2)].map(\.description))
        #expect(failed.rows[2][1] == .timestamp(early))
        #expect(try fold.query(.failed) { $0.limit = 2 }.rows.count == 2)
        #expect(try fold.query(.failed) { $0.limit = 0 }.rows.isEmpty)
        #expect(try fold.query(.failed) { $0.limit = .max }.rows.count == 3)
        let problems = try fold.query(.problems)
        #expect(problems.texts.map { $0[0] } == [sid(1), sid(3), sid(4), sid(2)].map(\.description))
        #expect(problems.texts.map { $0[5] } == ["error", "error", "rejected", "error"])
        // Resubmitting takes a sample out of both.
        fold.add(sid(1), t0, .resubmitted(NyckelResubmitted()))
        #expect(try fold.query(.failed).texts.map { $0[0] } == [sid(3), sid(2)].map(\.description))
    }

    @Test func negativeLimitsAndMissingLabelThrow() throws {
        let fold = Fold()
        #expect(throws: QueryError.negativeLimit(query: .failed, option: "--limit", value: -1)) {
            try fold.query(.failed) { $0.limit = -1 }
        }
        #expect(throws: QueryError.negativeLimit(query: .daily, option: "--days", value: -3)) {
            try fold.query(.daily) { $0.days = -3 }
        }
        #expect(throws: QueryError.missingOption(query: .samples, option: "--label")) { try fold.query(.samples) }
        #expect(QueryError.missingOption(query: .samples, option: "--label").description == "query 'samples' needs --label")
        #expect(QueryError.negativeLimit(query: .failed, option: "--limit", value: -1).description
                == "query 'failed': --limit must be 0 or more, got -1")
    }

    @Test func dailyAtDayBoundaries() throws {
        var fold = Fold()
        fold.add(sid(1), at("2026-11-24T23:59:59.999999Z"), submitted("a"))
        fold.add(sid(2), at("2026-11-25T00:00:00Z"), submitted("a"))
        fold.add(sid(3), at("2026-11-25T23:59:59.999999Z"), submitted("b"))
        fold.add(sid(4), at("2026-11-26T00:00:00Z"), submitted("b"))
        fold.add(sid(5), at("2026-11-20T10:00:00+05:00"), submitted("c"))   // 05:00Z
        fold.add(sid(6), at("2026-11-21T01:00:00+02:00"), submitted("c"))   // 2026-11-20T23:00Z
        let daily = try fold.query(.daily)
        #expect(daily.columns == ["training_date", "samples_submitted", "unique_labels"])
        #expect(daily.texts == [["2026-11-26", "1", "1"], ["2026-11-25", "2", "2"], ["2026-11-24", "1", "1"],
                                ["2026-11-20", "2", "1"]])
        #expect(try fold.query(.daily) { $0.days = 2 }.texts.map { $0[0] } == ["2026-11-26", "2026-11-25"])
        #expect(try fold.query(.daily) { $0.days = 0 }.rows.isEmpty)
        fold.add(sid(4), t0, .deleted(SampleDeleted()))
        fold.add(sid(3), t0, .relabeled(SampleRelabeled(label: "a")))
        #expect(try fold.query(.daily).texts.first == ["2026-11-25", "2", "1"])
    }

    @Test func dailyBeforeTheEpoch() throws {
        var fold = Fold()
        fold.add(sid(1), at("1969-12-31T23:59:59.999999Z"), submitted("a"))
        fold.add(sid(2), at("1970-01-01T00:00:00Z"), submitted("a"))
        #expect(try fold.query(.daily).texts == [["1970-01-01", "1", "1"], ["1969-12-31", "1", "1"]])
    }

    @Test func samplesForALabel() throws {
        var fold = Fold()
        fold.add(sid(2), t0, submitted("heavy_wear"))
        fold.add(sid(1), t0, submitted("heavy_wear"))
        fold.add(sid(3), at("2026-11-26T00:00:00Z"), submitted("heavy_wear", .defect))
        fold.add(sid(4), t0, submitted("Heavy_wear"))
        fold.add(sid(1), t0, responded(.accepted))
        let all = try fold.query(.samples) { $0.label = "heavy_wear" }
        #expect(all.columns == ["id", "image_url", "created_at", "nyckel_status"])
        #expect(all.texts.map { $0[0] } == [sid(3), sid(1), sid(2)].map(\.description))
        #expect(all.texts.map { $0[3] } == ["submitted", "accepted", "submitted"])
        let grade = try fold.query(.samples) { $0.label = "heavy_wear"; $0.labelType = .grade }
        #expect(grade.texts.map { $0[0] } == [sid(1), sid(2)].map(\.description))
        #expect(try fold.query(.samples) { $0.label = "nothing" }.rows.isEmpty)
    }

    @Test func acceptedOrdersByLabelThenTimeThenID() throws {
        var fold = Fold()
        let crop = CropData(x: 1, y: 2, width: 3, height: 4)
        fold.add(sid(1), at("2026-11-25T13:00:00Z"), submitted("b", crop: crop))
        fold.add(sid(2), at("2026-11-25T12:00:00Z"), submitted("b"))
        fold.add(sid(4), at("2026-11-25T11:00:00Z"), submitted("a", .defect))
        fold.add(sid(3), at("2026-11-25T11:00:00Z"), submitted("a"))
        fold.add(sid(5), at("2026-11-25T10:00:00Z"), submitted("B"))
        fold.add(sid(6), t0, submitted("c"))
        for n: UInt64 in 1...5 { fold.add(sid(n), t0, responded(.accepted)) }
        fold.add(sid(6), t0, responded(.rejected))
        let accepted = try fold.query(.accepted)
        #expect(accepted.columns == ["image_url", "label", "label_type", "crop_data", "created_at"])
        #expect(accepted.texts.map { $0[1] } == ["B", "a", "a", "b", "b"])
        #expect(accepted.texts.map { $0[2] } == ["grade", "grade", "defect", "grade", "grade"])  // sid 3 before sid 4
        #expect(accepted.rows[3][3] == .null)
        #expect(accepted.rows[4][3] == .crop(crop))
    }

    @Test func scansListOnlySamplesWithAScan() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a", scan: "job-1", region: "spine"))
        fold.add(sid(2), t0, submitted("b"))
        fold.add(sid(3), at("2026-11-26T00:00:00Z"), submitted("c", scan: "job-2"))
        fold.add(sid(4), t0, submitted("d", scan: "job-1", region: "corner_tl"))
        fold.add(sid(4), t0, .deleted(SampleDeleted()))
        let scans = try fold.query(.scans)
        #expect(scans.columns == ["id", "label", "region_name", "image_url", "source_scan_id"])
        #expect(scans.texts == [[sid(3).description, "c", nil, "https://img/c.jpg", "job-2"],
                                [sid(1).description, "a", "spine", "https://img/a.jpg", "job-1"]])
    }

    @Test func balanceFindsSmallLabels() throws {
        var fold = Fold()
        var n: UInt64 = 0
        for (label, count) in [("pristine", 12), ("near_mint", 9), ("damaged", 3), ("b", 3), ("a", 10)] {
            for _ in 0..<count { n += 1; fold.add(sid(n), t0, submitted(label)) }
        }
        n += 1; fold.add(sid(n), t0, submitted("tiny", .defect))
        #expect(try fold.query(.balance).texts == [["b", "3"], ["damaged", "3"], ["near_mint", "9"]])
        #expect(try fold.query(.balance) { $0.below = 4 }.texts == [["b", "3"], ["damaged", "3"]])
        #expect(try fold.query(.balance) { $0.below = 3 }.rows.isEmpty)
        #expect(try fold.query(.balance) { $0.below = -1 }.rows.isEmpty)
        #expect(try fold.query(.balance) { $0.labelType = .defect }.texts == [["tiny", "1"]])
        #expect(try fold.query(.balance) { $0.below = 100 }.rows.count == 5)
    }

    @Test func overallCountsAndRate() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a"))
        fold.add(sid(2), t0, submitted("a"))
        fold.add(sid(3), t0, submitted("b", .defect))
        fold.add(sid(1), t0, responded(.accepted))
        fold.add(sid(2), t0, responded(.accepted))
        fold.add(sid(3), t0, responded(.error))
        let overall = try fold.query(.overall)
        #expect(overall.columns == ["total_samples", "unique_labels", "successful", "failed", "success_rate"])
        #expect(overall.rows == [[.int(3), .int(2), .int(2), .int(1), .decimal("66.67")]])
        fold.add(sid(3), t0, .deleted(SampleDeleted()))
        #expect(try fold.query(.overall).rows == [[.int(2), .int(1), .int(2), .int(0), .decimal("100.00")]])
    }
}
