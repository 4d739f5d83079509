import EventLog
import Foundation
import SampleDomain
import Testing
import TestSupport

/// Every event must be valid against those before it: only new or deleted ids are submitted,
/// everything else is about a live sample; labels are non-empty, at most 256 bytes, without
/// control characters. Returns the first problem found.
func firstInvalid(_ events: [SampleEvent]) -> String? {
    var live = Set<SampleID>()
    for (i, e) in events.enumerated() {
        func labelProblem(_ label: String) -> String? {
            if label.isEmpty || label.utf8.count > 256 || label.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                return "op \(i + 1): bad label \(label.debugDescription)"
            }
            return nil
        }
        switch e.body {
        case .submitted(let s):
            if live.contains(e.sampleID) { return "op \(i + 1): \(e.sampleID) submitted while live" }
            if let p = labelProblem(s.label) { return p }
            if let c = s.cropData, c.x < 0 || c.y < 0 || c.width <= 0 || c.height <= 0 { return "op \(i + 1): bad crop \(c)" }
            if [s.imageWidth, s.imageHeight, s.fileSizeBytes].contains(where: { ($0 ?? 0) < 0 }) { return "op \(i + 1): negative size" }
            live.insert(e.sampleID)
        case .updated(let u):
            if u.changes.isEmpty { return "op \(i + 1): an update that changes nothing" }
            if let c = u.cropData, c.x < 0 || c.y < 0 || c.width <= 0 || c.height <= 0 { return "op \(i + 1): bad crop \(c)" }
            guard live.contains(e.sampleID) else { return "op \(i + 1): sample.updated for \(e.sampleID), not live" }
        case .relabeled(let r):
            if let p = labelProblem(r.label) { return p }
            fallthrough
        case .responded, .resubmitted, .deleted, .imageFetched, .imageFetchFailed:
            guard live.contains(e.sampleID) else { return "op \(i + 1): \(e.body.type.rawValue) for \(e.sampleID), not live" }
            if case .deleted = e.body { live.remove(e.sampleID) }
        }
    }
    return nil
}

/// A small, independent reader of input lines (Foundation's JSON parser), to check that each
/// generated line says exactly what its event says.
func decodeInputLine(_ line: String) throws -> (eventID: String?, event: SampleEvent) {
    struct Bad: Error { var what: String }
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    guard let o = object as? [String: Any] else { throw Bad(what: "not an object") }
    func string(_ k: String) -> String? { o[k] as? String }
    func int(_ k: String) -> Int64? { (o[k] as? NSNumber)?.int64Value }
    guard let type = string("type").flatMap(EventType.init(rawValue:)), let id = string("sample_id").flatMap({ SampleID($0) }),
          let time = string("occurred_at").flatMap({ Timestamp(rfc3339: $0) }) else { throw Bad(what: "common fields") }
    let body: EventBody
    switch type {
    case .sampleSubmitted:
        guard let url = string("image_url"), let path = string("image_path"), let label = string("label"),
              let labelType = string("label_type").flatMap(LabelType.init(rawValue:)) else { throw Bad(what: "submitted fields") }
        var crop: CropData?
        if let c = o["crop_data"] as? [String: Any] {
            func n(_ k: String) -> Double { (c[k] as? NSNumber)?.doubleValue ?? .nan }
            crop = CropData(x: n("x"), y: n("y"), width: n("width"), height: n("height"))
        }
        body = .submitted(SampleSubmitted(imageURL: url, imagePath: path, label: label, labelType: labelType,
            nyckelFunctionID: string("nyckel_function_id"), sourceScanID: string("source_scan_id"), regionName: string("region_name"),
            cropData: crop, imageWidth: int("image_width"), imageHeight: int("image_height"), fileSizeBytes: int("file_size_bytes")))
    case .nyckelResponded:
        guard let status = string("status").flatMap(ResponseStatus.init(rawValue:)) else { throw Bad(what: "status") }
        body = .responded(NyckelResponded(status: status, nyckelSampleID: string("nyckel_sample_id"), error: string("error")))
    case .nyckelResubmitted:
        body = .resubmitted(NyckelResubmitted(nyckelFunctionID: string("nyckel_function_id")))
    case .sampleRelabeled:
        guard let label = string("label") else { throw Bad(what: "label") }
        body = .relabeled(SampleRelabeled(label: label, labelType: string("label_type").flatMap(LabelType.init(rawValue:)),
                                          reason: string("reason"), actor: string("actor")))
    case .sampleDeleted:
        body = .deleted(SampleDeleted(reason: string("reason"), actor: string("actor")))
    case .sampleUpdated:
        var crop: CropData?
        if let c = o["crop_data"] as? [String: Any] {
            func n(_ k: String) -> Double { (c[k] as? NSNumber)?.doubleValue ?? .nan }
            crop = CropData(x: n("x"), y: n("y"), width: n("width"), height: n("height"))
        }
        var clear: SampleColumns?
        if let names = o["clear"] as? [String] {
            clear = SampleColumns(names.compactMap { SampleColumns(name: $0) })
        }
        body = .updated(SampleUpdated(imageURL: string("image_url"), imagePath: string("image_path"),
            nyckelFunctionID: string("nyckel_function_id"), nyckelSampleID: string("nyckel_sample_id"),
            sourceScanID: string("source_scan_id"), regionName: string("region_name"), cropData: crop,
            imageWidth: int("image_width"), imageHeight: int("image_height"), fileSizeBytes: int("file_size_bytes"),
            clear: clear, reason: string("reason"), actor: string("actor")))
    case .imageFetched, .imageFetchFailed:
        throw Bad(what: "the generators make no image events")
    }
    return (string("event_id"), SampleEvent(sampleID: id, occurredAt: time, body: body))
}

@Suite("Generators")
struct GeneratorTests {
    @Test("SplitMix64 gives the reference sequence for seed 0")
    func splitMixReference() {
        var rng = SplitMix64(seed: 0)
        #expect([rng.next(), rng.next(), rng.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test("the same seed gives the same lines; another seed does not")
    func deterministic() {
        let a = DemoGenerator(seed: 9, samples: 50).map(\.inputLine)
        #expect(a == DemoGenerator(seed: 9, samples: 50).map(\.inputLine))
        #expect(a != DemoGenerator(seed: 10, samples: 50).map(\.inputLine))
        var r1 = RandomOperationGenerator(seed: 4), r2 = RandomOperationGenerator(seed: 4), r3 = RandomOperationGenerator(seed: 5)
        let b = r1.next(300).map(\.inputLine)
        #expect(b == r2.next(300).map(\.inputLine))
        #expect(b != r3.next(300).map(\.inputLine))
    }

    @Test("a demo stream is valid, in time order, inside its window, with demo-<seed>-<n> ids")
    func demoShape() throws {
        let end = DemoGenerator.defaultEnd
        #expect(end.rfc3339() == "2026-11-20T00:00:00Z")
        let events = Array(DemoGenerator(seed: 3, samples: 400))
        #expect(firstInvalid(events.map(\.event)) == nil)
        #expect(events.map(\.eventID) == (1...events.count).map { "demo-3-\($0)" })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.event.occurredAt <= $1.event.occurredAt })
        let first = try #require(events.first?.event.occurredAt), last = try #require(events.last?.event.occurredAt)
        #expect(first.microseconds >= end.microseconds - 121 * 86_400_000_000)
        #expect(last < end)
        let submitted = events.compactMap { e -> SampleSubmitted? in if case .submitted(let s) = e.event.body { s } else { nil } }
        #expect(submitted.count == 400)
        let grades = submitted.filter { $0.labelType == .grade }.count, regions = submitted.filter { $0.labelType == .region }.count
        #expect(grades > regions * 2)
        #expect(submitted.allSatisfy { $0.imageURL.hasPrefix("https://") && $0.imageURL.hasSuffix("/training-data/" + $0.imagePath) })
        let statuses = events.compactMap { e -> ResponseStatus? in if case .responded(let r) = e.event.body { r.status } else { nil } }
        #expect(Set(statuses) == Set(ResponseStatus.allCases))
        #expect(statuses.filter { $0 == .accepted }.count > statuses.count / 2)
        let kinds = Set(events.map(\.event.body.type))
        // Every event type of the table; the image events come from `tslog images fetch`, not the stream.
        #expect(kinds == Set(EventType.allCases).subtracting([.imageFetched, .imageFetchFailed]))
    }

    @Test("random operations stay valid and reach every edge case")
    func randomCoverage() {
        var generator = RandomOperationGenerator(seed: 11)
        let events = generator.next(3000).map(\.event)
        #expect(firstInvalid(events) == nil)
        var everDeleted = Set<SampleID>(), resubmittedAfterDelete = false, crossTypeRelabel = false
        var erroredThenResubmitted = false, lastStatus: [SampleID: ResponseStatus] = [:]
        var setColumns: SampleColumns = [], clearedColumns: SampleColumns = []
        for e in events {
            switch e.body {
            case .submitted: if everDeleted.contains(e.sampleID) { resubmittedAfterDelete = true }
            case .deleted: everDeleted.insert(e.sampleID)
            case .relabeled(let r): if r.labelType != nil { crossTypeRelabel = true }
            case .responded(let r): lastStatus[e.sampleID] = r.status
            case .resubmitted: if lastStatus[e.sampleID] == .error { erroredThenResubmitted = true }
            case .updated(let u): setColumns.formUnion(u.sets); clearedColumns.formUnion(u.clear ?? [])
            case .imageFetched, .imageFetchFailed: break
            }
        }
        #expect(resubmittedAfterDelete && crossTypeRelabel && erroredThenResubmitted)
        #expect(setColumns == SampleColumns(SampleColumns.named.map(\.column)), "every column set by some sample.updated")
        #expect(clearedColumns == SampleColumns.clearable, "every optional column cleared by some sample.updated")
        let times = events.map(\.occurredAt.microseconds)
        let day: Int64 = 86_400_000_000
        #expect(times.contains { $0 % day == 0 } && times.contains { ($0 + 1) % day == 0 })
        #expect(times.contains(Timestamp.minimum.microseconds) && times.contains(Timestamp.maximum.microseconds))
        let created = events.compactMap { e -> Int64? in if case .submitted = e.body { e.occurredAt.microseconds } else { nil } }
        #expect(Dictionary(grouping: created, by: { $0 }).values.contains { $0.count >= 10 })
    }

    @Test("every input line reads back as its event", arguments: [0, 1, 2] as [UInt64])
    func inputLinesRoundTrip(seed: UInt64) throws {
        var random = RandomOperationGenerator(seed: seed)
        let all = random.next(1500) + Array(DemoGenerator(seed: seed, samples: 200))
        for g in all {
            #expect(g.inputLine.hasPrefix("{\"type\":\"\(g.event.body.type.rawValue)\",\"sample_id\":\""))
            #expect(!g.inputLine.contains("\n"))
            if case .submitted(let s) = g.event.body, let c = s.cropData {
                #expect(![c.x, c.y, c.width, c.height].contains { JSONWriter.numberText($0).contains("e") }, "no exponent forms")
            }
            let decoded = try decodeInputLine(g.inputLine)
            #expect(decoded.eventID == g.eventID)
            #expect(decoded.event == g.event, "\(g.inputLine)")
        }
    }

    @Test("input line spellings: canonical, uppercase id, offsets, nine digits, explicit nulls")
    func pinnedLines() throws {
        let event = SampleEvent(sampleID: try #require(SampleID("0b9e1c2d-0000-4000-8000-00000000abcd")),
                                occurredAt: try #require(Timestamp(rfc3339: "2026-11-20T08:00:00Z")),
                                body: .relabeled(SampleRelabeled(label: "Spine \"Tick\"", labelType: .defect)))
        #expect(InputLine.encode(event, eventID: "e1") == #"{"type":"sample.relabeled","sample_id":"0b9e1c2d-0000-4000-8000-00000000abcd","occurred_at":"2026-11-20T08:00:00.000000Z","event_id":"e1","label":"Spine \"Tick\"","label_type":"defect"}"#)
        let odd = InputLine.Style(uppercaseID: true, time: .offset(minutes: -480), explicitNulls: true)
        #expect(InputLine.encode(event, eventID: nil, style: odd) == #"{"type":"sample.relabeled","sample_id":"0B9E1C2D-0000-4000-8000-00000000ABCD","occurred_at":"2026-11-20T00:00:00.000000-08:00","label":"Spine \"Tick\"","label_type":"defect","reason":null,"actor":null}"#)
        #expect(InputLine.timeText(event.occurredAt, .nanoseconds) == "2026-11-20T08:00:00.000000000Z")
        #expect(InputLine.timeText(event.occurredAt, .shortest) == "2026-11-20T08:00:00Z")
        #expect(InputLine.timeText(Timestamp.maximum, .offset(minutes: 330)) == "9999-12-31T23:59:59.999999Z")
    }
}
