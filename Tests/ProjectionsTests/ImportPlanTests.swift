import EventLog
@testable import Projections
@testable import SampleDomain
import Testing

@Suite("Import: planning events")
struct ImportPlanTests {
    static let created = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!
    static let now = Timestamp(rfc3339: "2026-12-01T00:00:00Z")!

    static func state(_ n: UInt64, label: String = "a", type: LabelType = .grade, status: NyckelStatus = .submitted,
                      nyckel: String? = nil, function: String? = nil, url: String = "u") -> TableRowState {
        TableRowState(id: SampleID(high: 0, low: n), createdAt: created,
                      fields: SampleSubmitted(imageURL: url, imagePath: "p", label: label, labelType: type, nyckelFunctionID: function),
                      nyckelSampleID: nyckel, status: status)
    }

    static func plan(_ file: [TableRowState], log: [TableRowState], deletions: Bool = false) throws -> ImportPlan {
        let rows = file.enumerated().map { ImportedRow(line: $0.offset + 2, state: $0.element) }
        return try ImportPlan.make(rows: rows, current: { id in log.first { $0.id == id } }, liveIDs: log.map(\.id),
                                   deletions: deletions, now: now)
    }

    static func lines(_ plan: ImportPlan) -> [String] { plan.steps.map { String(decoding: $0.inputLine, as: UTF8.self) } }

    @Test func newRowsKeepIdAndCreatedAtThenTheirNyckelState() throws {
        let plan = try ImportPlanTests.plan([ImportPlanTests.state(1, status: .accepted, nyckel: "ny-1", function: "fn"),
                                             ImportPlanTests.state(2, status: .submitted, nyckel: "ny-2")], log: [])
        #expect(ImportPlanTests.lines(plan) == [
            #"{"type":"sample.submitted","sample_id":"00000000-0000-0000-0000-000000000001","occurred_at":"2026-11-25T12:00:00.000000Z","image_url":"u","image_path":"p","label":"a","label_type":"grade","nyckel_function_id":"fn"}"#,
            #"{"type":"nyckel.responded","sample_id":"00000000-0000-0000-0000-000000000001","occurred_at":"2026-11-25T12:00:00.000000Z","status":"accepted","nyckel_sample_id":"ny-1"}"#,
            #"{"type":"sample.submitted","sample_id":"00000000-0000-0000-0000-000000000002","occurred_at":"2026-11-25T12:00:00.000000Z","image_url":"u","image_path":"p","label":"a","label_type":"grade"}"#,
            #"{"type":"nyckel.responded","sample_id":"00000000-0000-0000-0000-000000000002","occurred_at":"2026-11-25T12:00:00.000000Z","status":"accepted","nyckel_sample_id":"ny-2"}"#,
            #"{"type":"nyckel.resubmitted","sample_id":"00000000-0000-0000-0000-000000000002","occurred_at":"2026-11-25T12:00:00.000000Z"}"#,
        ])
        #expect(plan.steps.map(\.line) == [2, 2, 3, 3, 3])
        #expect(plan.added == 2 && plan.changed == 0)
    }

    @Test func changesBecomeRelabelsResponsesAndResubmissions() throws {
        let log = [ImportPlanTests.state(1), ImportPlanTests.state(2, status: .error), ImportPlanTests.state(3, function: "f1"),
                   ImportPlanTests.state(4, label: "e\u{301}")]
        let file = [ImportPlanTests.state(1, label: "b", type: .defect, status: .rejected),
                    ImportPlanTests.state(2),
                    ImportPlanTests.state(3, status: .accepted, function: "f2"),
                    ImportPlanTests.state(4, label: "\u{e9}")]
        let plan = try ImportPlanTests.plan(file, log: log)
        let at = #""occurred_at":"2026-12-01T00:00:00.000000Z""#
        func id(_ n: Int) -> String { #""sample_id":"00000000-0000-0000-0000-00000000000\#(n)""# }
        #expect(ImportPlanTests.lines(plan) == [
            #"{"type":"sample.relabeled",\#(id(1)),\#(at),"label":"b","label_type":"defect"}"#,
            #"{"type":"nyckel.responded",\#(id(1)),\#(at),"status":"rejected"}"#,
            #"{"type":"nyckel.resubmitted",\#(id(2)),\#(at)}"#,
            #"{"type":"nyckel.resubmitted",\#(id(3)),\#(at),"nyckel_function_id":"f2"}"#,
            #"{"type":"nyckel.responded",\#(id(3)),\#(at),"status":"accepted"}"#,
            #"{"type":"sample.relabeled",\#(id(4)),\#(at),"label":"é"}"#,
        ])
        #expect(plan.changed == 4 && plan.unchanged == 0)
    }

    @Test func sameStatePlansNothingAndMissingRowsAreKeptUnlessDeletions() throws {
        let log = [ImportPlanTests.state(1, status: .accepted, nyckel: "n"), ImportPlanTests.state(2), ImportPlanTests.state(3)]
        let kept = try ImportPlanTests.plan([log[0]], log: log)
        #expect(kept.steps.isEmpty && kept.unchanged == 1)
        #expect(kept.missing == [SampleID(high: 0, low: 2), SampleID(high: 0, low: 3)])
        let deleting = try ImportPlanTests.plan([log[0]], log: log, deletions: true)
        #expect(ImportPlanTests.lines(deleting) == [
            #"{"type":"sample.deleted","sample_id":"00000000-0000-0000-0000-000000000002","occurred_at":"2026-12-01T00:00:00.000000Z","reason":"not in the imported file"}"#,
            #"{"type":"sample.deleted","sample_id":"00000000-0000-0000-0000-000000000003","occurred_at":"2026-12-01T00:00:00.000000Z","reason":"not in the imported file"}"#,
        ])
    }

    @Test func refusals() {
        func error(_ file: [TableRowState], _ log: [TableRowState]) -> String {
            do { _ = try ImportPlanTests.plan(file, log: log); return "planned" } catch { return "\(error)" }
        }
        var moved = ImportPlanTests.state(1)
        moved.createdAt = Timestamp(rfc3339: "2026-11-25T12:00:01Z")!
        #expect(error([moved], [ImportPlanTests.state(1)])
            == "line 2: column 'created_at': is '2026-11-25T12:00:01Z' in the file but '2026-11-25T12:00:00Z' in the log, and no event changes it")
        #expect(error([ImportPlanTests.state(1), ImportPlanTests.state(1)], [])
            == "line 3: column 'id': sample 00000000-0000-0000-0000-000000000001 is also on line 2")
    }

    /// Every file state reached from every log state: applying the plan's events to the log row
    /// gives exactly the file row (a naive fold of the events is the oracle).
    @Test func everyNyckelTransitionReachesTheFileState() throws {
        let statuses = NyckelStatus.allCases
        for from in statuses { for to in statuses { for fromID in [nil, "a"] { for toID in [nil, "a", "b"] {
            for fromFn in [nil, "f"] { for toFn in [nil, "f", "g"] {
                let log = ImportPlanTests.state(1, status: from, nyckel: fromID, function: fromFn)
                let file = ImportPlanTests.state(1, status: to, nyckel: toID, function: toFn)
                let plan = try ImportPlanTests.plan([file], log: [log])
                var row = log
                for step in plan.steps {
                    switch step.event.body {
                    case .responded(let r): row.status = r.status.nyckelStatus; if let n = r.nyckelSampleID { row.nyckelSampleID = n }
                    case .resubmitted(let r): row.status = .submitted; if let f = r.nyckelFunctionID { row.fields.nyckelFunctionID = f }
                    case .updated(let u): u.apply(to: &row.fields, nyckelSampleID: &row.nyckelSampleID)
                    default: Issue.record("unexpected \(step.event.body)")
                    }
                }
                #expect(row == file, "\(from)->\(to) \(String(describing: fromID))->\(String(describing: toID)) \(String(describing: fromFn))->\(String(describing: toFn))")
                #expect(plan.steps.isEmpty == (log == file))
            } }
        } } } }
    }

    /// Metadata differences: one `sample.updated` per row that sets what changed and clears
    /// what became NULL; every refused row listed, the good ones still planned.
    @Test func metadataDifferencesBecomeOneUpdate() {
        var log = ImportPlanTests.state(1)
        log.fields.sourceScanID = "scan"; log.fields.regionName = "spine"; log.fields.imageWidth = 10
        log.fields.cropData = CropData(x: 1, y: 2, width: 3, height: 4)
        var file = log
        file.fields.imageURL = "u2"; file.fields.imagePath = "p2"; file.fields.sourceScanID = nil; file.fields.regionName = ""
        file.fields.cropData = CropData(x: 1, y: 2, width: 3, height: 5); file.fields.imageWidth = nil
        file.fields.imageHeight = 7; file.fields.fileSizeBytes = 8
        var bad = ImportPlanTests.state(2)
        bad.createdAt = ImportPlanTests.now
        let rows = [ImportedRow(line: 2, state: file), ImportedRow(line: 3, state: bad), ImportedRow(line: 4, state: file)]
        let plan = ImportPlan.planning(rows: rows, current: { $0 == log.id ? log : $0 == bad.id ? ImportPlanTests.state(2) : nil },
                                       liveIDs: [log.id, bad.id], deletions: false, now: ImportPlanTests.now)
        #expect(ImportPlanTests.lines(plan) == [
            #"{"type":"sample.updated","sample_id":"00000000-0000-0000-0000-000000000001","occurred_at":"2026-12-01T00:00:00.000000Z","image_url":"u2","image_path":"p2","region_name":"","crop_data":{"x":1,"y":2,"width":3,"height":5},"image_height":7,"file_size_bytes":8,"clear":["source_scan_id","image_width"]}"#,
        ])
        #expect(plan.refusals.map(\.description) == [
            "line 3: column 'created_at': is '2026-12-01T00:00:00Z' in the file but '2026-11-25T12:00:00Z' in the log, and no event changes it",
            "line 4: column 'id': sample 00000000-0000-0000-0000-000000000001 is also on line 2",
        ])
        var row = log
        guard case .updated(let u)? = plan.steps.first?.event.body else { Issue.record("no update"); return }
        u.apply(to: &row.fields, nyckelSampleID: &row.nyckelSampleID)
        #expect(row == file)
    }
}
