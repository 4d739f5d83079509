import EventLog
import SampleDomain


/// Writes the input lines an app would send for `samples` samples: a `sample.submitted` each,
/// Nyckel's answer a few events later, and now and then a resubmission after an error, a
/// relabel or a delete. About 2.02 events per sample, ~630 bytes per stored submit and ~450 bytes
/// per stored line on average, spread
/// over 400 days of `occurred_at`.
///
/// Lines come out in batches (`next(max:)`) so a million-sample log never sits in memory.
struct EventGenerator {
    static let grades = ["pristine", "near_mint", "minor_wear", "moderate_wear", "heavy_wear", "damaged"]
    static let defects = ["Spine Tick", "Color Break", "Corner Crease", "Tear", "Stain", "Foxing",
                          "Water Damage", "Missing Piece", "Rusty Staple", "Subscription Crease"]
    static let regions = ["spine", "corner_tl", "corner_tr", "corner_bl", "corner_br", "edge_top",
                          "edge_bottom", "center"]
    static let functions = ["function_7c1q2tzk8v0x4m3a", "function_0p9w8e7r6t5y4u3i", "function_r4e3w2q1a5s6d7f8"]
    static let start = Timestamp(microseconds: 1_735_689_600_000_000)  // 2025-01-01T00:00:00Z
    static let spanMicros: Int64 = 400 * 86_400 * 1_000_000

    let samples: Int
    private var rng: SplitMix64
    /// Samples submitted so far.
    private var submitted = 0
    private var ids: [SampleID] = []
    private var deleted: [Bool] = []
    /// Samples waiting for Nyckel's answer, oldest first, with whether the answer follows a resubmit.
    private var pending: [(sample: Int, due: Int)] = []
    private var pendingHead = 0
    private var eventNumber = 0

    init(samples: Int, seed: UInt64) {
        self.samples = samples
        rng = SplitMix64(seed: seed)
        ids.reserveCapacity(samples)
        deleted.reserveCapacity(samples)
    }

    var finished: Bool { submitted == samples && pendingHead == pending.count }

    /// Up to `max` more lines (fewer only at the end).
    mutating func next(max: Int) -> [(number: Int, bytes: [UInt8])] {
        var lines: [(number: Int, bytes: [UInt8])] = []
        lines.reserveCapacity(max)
        while lines.count < max {
            while pendingHead < pending.count, deleted[pending[pendingHead].sample] { pendingHead += 1 }
            if finished { break }
            var line: [UInt8] = []
            line.reserveCapacity(512)
            step(&line)
            eventNumber += 1
            lines.append((lines.count + 1, line))
        }
        return lines
    }

    /// One event: an answer that is due, else a new sample, else an occasional extra event.
    private mutating func step(_ out: inout [UInt8]) {
        let now = time(of: submitted)
        while pendingHead < pending.count, deleted[pending[pendingHead].sample] { pendingHead += 1 }
        if pendingHead < pending.count, pending[pendingHead].due <= submitted || submitted == samples {
            let sample = pending[pendingHead].sample
            pendingHead += 1
            if pendingHead > 4096 { pending.removeFirst(pendingHead); pendingHead = 0 }
            respond(sample, now, &out)
            return
        }
        let roll = rng.next() % 1000
        if submitted > 100, roll < 15 {
            // An older sample, answered by now: relabel, delete or resubmit it.
            let sample = submitted - 60 - Int(rng.next() % 40)
            if !deleted[sample] {
                if roll < 8 { relabel(sample, now, &out); return }
                if roll < 12 { delete(sample, now, &out); return }
                resubmit(sample, now, &out)
                pending.append((sample, submitted + 3))
                return
            }
        }
        submit(now, &out)
    }

    private func time(of sample: Int) -> Timestamp {
        Timestamp(microseconds: EventGenerator.start.microseconds
                  + Int64(sample) * (EventGenerator.spanMicros / Int64(max(samples, 1))) + Int64(eventNumber % 997) * 1_000)
    }

    private mutating func newID() -> SampleID {
        // Version 4 UUID bits, so the ids look like the app's.
        SampleID(high: (rng.next() & ~0xF000) | 0x4000, low: (rng.next() & ~(3 << 62)) | (2 << 62))
    }

    private mutating func submit(_ at: Timestamp, _ out: inout [UInt8]) {
        let id = newID()
        let sample = submitted
        ids.append(id)
        deleted.append(false)
        submitted += 1
        pending.append((sample, submitted + 3 + Int(rng.next() % 5)))
        let kind = rng.next() % 100
        let (label, type): (String, String)
        if kind < 55 {
            label = pick(EventGenerator.grades); type = "grade"
        } else if kind < 85 {
            label = pick(EventGenerator.defects); type = "defect"
        } else {
            label = pick(EventGenerator.regions); type = "region"
        }
        let idText = id.description
        let folder = String(label.lowercased().map { $0 == " " ? "_" : $0 })
        let path = "\(type)/\(folder)/\(idText).jpg"
        var w = JSONWriter(capacity: 512)
        header(&w, "sample.submitted", id, at, eventID: nil)
        w.key("image_url"); w.string("https://qzvkcwxrjhpltmbfdsny.supabase.co/storage/v1/object/public/training-data/" + path)
        w.key("image_path"); w.string(path)
        w.key("label"); w.string(label)
        w.key("label_type"); w.string(type)
        w.key("nyckel_function_id"); w.string(pick(EventGenerator.functions))
        if rng.next() % 100 < 60 { w.key("source_scan_id"); w.string(newID().description) }
        if type == "region" || rng.next() % 100 < 40 { w.key("region_name"); w.string(pick(EventGenerator.regions)) }
        let width = 160 + Int(rng.next() % 480), height = 160 + Int(rng.next() % 480)
        if rng.next() % 100 < 50 {
            w.key("crop_data"); w.beginObject()
            w.key("x"); w.number(Double(rng.next() % 1200)); w.key("y"); w.number(Double(rng.next() % 1800))
            w.key("width"); w.number(Double(width)); w.key("height"); w.number(Double(height))
            w.endObject()
        }
        if rng.next() % 100 < 50 {
            w.key("image_width"); w.int(Int64(width)); w.key("image_height"); w.int(Int64(height))
            w.key("file_size_bytes"); w.int(Int64(8_000 + rng.next() % 90_000))
        }
        w.endObject()
        out += w.bytes
    }

    private mutating func respond(_ sample: Int, _ at: Timestamp, _ out: inout [UInt8]) {
        var w = JSONWriter(capacity: 256)
        header(&w, "nyckel.responded", ids[sample], at, eventID: nil)
        let roll = rng.next() % 100
        if roll < 86 {
            w.key("status"); w.string("accepted")
            w.key("nyckel_sample_id"); w.string("sample_" + String(rng.next() % 1_000_000_000_000, radix: 36))
        } else if roll < 94 {
            w.key("status"); w.string("error"); w.key("error"); w.string("Nyckel API returned 503: Service Unavailable")
        } else {
            w.key("status"); w.string("rejected"); w.key("error"); w.string("image too small for function")
        }
        w.endObject()
        out += w.bytes
    }

    private mutating func resubmit(_ sample: Int, _ at: Timestamp, _ out: inout [UInt8]) {
        var w = JSONWriter(capacity: 256)
        header(&w, "nyckel.resubmitted", ids[sample], at, eventID: nil)
        w.key("nyckel_function_id"); w.string(pick(EventGenerator.functions))
        w.endObject()
        out += w.bytes
    }

    private mutating func relabel(_ sample: Int, _ at: Timestamp, _ out: inout [UInt8]) {
        var w = JSONWriter(capacity: 256)
        header(&w, "sample.relabeled", ids[sample], at, eventID: nil)
        w.key("label"); w.string(pick(EventGenerator.grades)); w.key("label_type"); w.string("grade")
        w.key("reason"); w.string("second look"); w.key("actor"); w.string("reviewer@example.com")
        w.endObject()
        out += w.bytes
    }

    private mutating func delete(_ sample: Int, _ at: Timestamp, _ out: inout [UInt8]) {
        deleted[sample] = true
        var w = JSONWriter(capacity: 256)
        header(&w, "sample.deleted", ids[sample], at, eventID: nil)
        w.key("reason"); w.string("blurry crop"); w.key("actor"); w.string("reviewer@example.com")
        w.endObject()
        out += w.bytes
    }

    private func header(_ w: inout JSONWriter, _ type: String, _ id: SampleID, _ at: Timestamp, eventID: String?) {
        w.beginObject()
        w.key("type"); w.string(type)
        w.key("sample_id"); w.string(id.description)
        w.key("occurred_at"); w.string(at.rfc3339(.microseconds))
        if let eventID { w.key("event_id"); w.string(eventID) }
    }

    private mutating func pick(_ words: [String]) -> String { words[Int(rng.next() % UInt64(words.count))] }
}
