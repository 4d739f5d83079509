import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("Sample history")
struct HistoryTests {
    /// Sample 1's life, with sample 2's events interleaved (ignored): submit, error, resubmit,
    /// accept, relabel across types, delete, a response after the delete (no effect), re-submit.
    static func history() -> SampleHistory {
        var h = SampleHistory(sampleID: sid(1))
        let events: [(SampleID, String, EventBody, String?)] = [
            (sid(1), "2026-11-25T12:00:00Z", submitted("heavy_wear", scan: "job-1"), "e-1"),
            (sid(2), "2026-11-25T12:00:01Z", submitted("other"), nil),
            (sid(1), "2026-11-25T12:00:02.25Z", responded(.error, error: "timeout"), nil),
            (sid(1), "2026-11-25T12:01:00Z", .resubmitted(NyckelResubmitted(nyckelFunctionID: "fn-2")), nil),
            (sid(1), "2026-11-25T12:01:01Z", responded(.accepted, nyckelID: "ny-7"), nil),
            (sid(2), "2026-11-25T12:01:02Z", .deleted(SampleDeleted()), nil),
            (sid(1), "2026-11-25T13:00:00Z", .relabeled(SampleRelabeled(label: "Spine Tick", labelType: .defect, reason: "second look")), nil),
            (sid(1), "2026-11-25T14:00:00Z", .deleted(SampleDeleted(reason: "blurry", actor: "ana")), nil),
            (sid(1), "2026-11-25T14:00:01Z", responded(.rejected), nil),
            (sid(1), "2026-11-26T09:00:00Z", submitted("near_mint"), nil),
        ]
        for (i, (id, time, body, eventID)) in events.enumerated() {
            h.append(seq: UInt64(i + 1), recordedAt: at("2026-11-27T00:00:00Z"), eventID: eventID,
                     event: SampleEvent(sampleID: id, occurredAt: at(time), body: body))
        }
        return h
    }

    @Test func entriesTrackBeforeAndAfter() throws {
        let h = Self.history()
        #expect(h.entries.map(\.seq) == [1, 3, 4, 5, 7, 8, 9, 10])
        let e = h.entries
        #expect(e[0].labelAfter == "heavy_wear" && e[0].labelTypeAfter == .grade && e[0].statusAfter == .submitted)
        #expect(e[0].statusBefore == nil && e[0].eventID == "e-1")
        #expect(e[1].statusBefore == .submitted && e[1].statusAfter == .error)
        #expect(e[2].statusBefore == .error && e[2].statusAfter == .submitted)
        #expect(e[3].statusBefore == .submitted && e[3].statusAfter == .accepted)
        #expect(e[4].labelBefore == "heavy_wear" && e[4].labelTypeBefore == .grade)
        #expect(e[4].labelAfter == "Spine Tick" && e[4].labelTypeAfter == .defect && e[4].statusAfter == nil)
        #expect(e[5].labelBefore == "Spine Tick" && e[5].statusBefore == .accepted && e[5].statusAfter == nil)
        #expect(!e[6].applied && e[6].statusBefore == nil)
        #expect(e[7].applied && e[7].labelAfter == "near_mint" && e[7].statusAfter == .submitted)
        #expect(e.filter { !$0.applied }.count == 1)
        #expect(h.isLive)
    }

    @Test func relabelWithoutTypeKeepsIt() {
        var h = SampleHistory(sampleID: sid(1))
        h.append(seq: 1, recordedAt: t0, eventID: nil, event: SampleEvent(sampleID: sid(1), occurredAt: t0, body: submitted("a", .region)))
        h.append(seq: 2, recordedAt: t0, eventID: nil,
                 event: SampleEvent(sampleID: sid(1), occurredAt: t0, body: .relabeled(SampleRelabeled(label: "b"))))
        #expect(h.entries[1].labelTypeBefore == .region && h.entries[1].labelTypeAfter == .region)
    }

    @Test func emptyHistory() {
        let h = SampleHistory(sampleID: sid(1))
        #expect(h.render(.json) == "[]\n")
        #expect(h.render(.table).hasSuffix("(0 rows)\n"))
        #expect(!h.isLive)
    }

    @Test func jsonIsPinned() {
        let lines = Self.history().render(.json).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 11)   // "[", 8 entries, "]", and the empty piece after the final newline
        #expect(lines[1] == #"{"seq":1,"recorded_at":"2026-11-27T00:00:00Z","occurred_at":"2026-11-25T12:00:00Z","type":"sample.submitted","event_id":"e-1","applied":true,"data":{"image_url":"https://img/heavy_wear.jpg","image_path":"training-data/heavy_wear.jpg","label":"heavy_wear","label_type":"grade","source_scan_id":"job-1"},"label_before":null,"label_type_before":null,"label_after":"heavy_wear","label_type_after":"grade","status_before":null,"status_after":"submitted"},"#)
        #expect(lines[2] == #"{"seq":3,"recorded_at":"2026-11-27T00:00:00Z","occurred_at":"2026-11-25T12:00:02.250000Z","type":"nyckel.responded","event_id":null,"applied":true,"data":{"status":"error","error":"timeout"},"label_before":null,"label_type_before":null,"label_after":null,"label_type_after":null,"status_before":"submitted","status_after":"error"},"#)
        #expect(lines[5] == #"{"seq":7,"recorded_at":"2026-11-27T00:00:00Z","occurred_at":"2026-11-25T13:00:00Z","type":"sample.relabeled","event_id":null,"applied":true,"data":{"label":"Spine Tick","label_type":"defect","reason":"second look"},"label_before":"heavy_wear","label_type_before":"grade","label_after":"Spine Tick","label_type_after":"defect","status_before":null,"status_after":null},"#)
        #expect(lines[7] == #"{"seq":9,"recorded_at":"2026-11-27T00:00:00Z","occurred_at":"2026-11-25T14:00:01Z","type":"nyckel.responded","event_id":null,"applied":false,"data":{"status":"rejected"},"label_before":null,"label_type_before":null,"label_after":null,"label_type_after":null,"status_before":null,"status_after":null},"#)
        #expect(lines[0] == "[" && lines[9] == "]" && lines[10] == "")
    }

    @Test func tableShowsChanges() {
        let out = Self.history().render(.table)
        let rows = out.split(separator: "\n").map(String.init)
        #expect(rows.count == 11)
        #expect(rows[0].hasPrefix(" seq |"))
        #expect(rows[2].hasSuffix("new heavy_wear (grade), status submitted; image_url=https://img/heavy_wear.jpg; image_path=training-data/heavy_wear.jpg; source_scan_id=job-1; event_id=e-1"))
        #expect(rows[3].hasSuffix("status submitted → error; error=timeout"))
        #expect(rows[4].hasSuffix("status error → submitted; nyckel_function_id=fn-2"))
        #expect(rows[6].hasSuffix("label heavy_wear (grade) → Spine Tick (defect); reason=second look"))
        #expect(rows[7].hasSuffix("deleted Spine Tick (defect), was accepted; reason=blurry; actor=ana"))
        #expect(rows[8].hasSuffix("no effect: sample not live; status=rejected"))
        #expect(rows[10] == "(8 rows)")
        #expect(Self.history().render(.table, width: 80).split(separator: "\n").allSatisfy { TextWidth.of($0) <= 80 })
    }
}
