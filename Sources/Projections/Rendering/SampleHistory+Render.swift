import EventLog
import SampleDomain

extension SampleHistory {
    /// The history in `format`.
    ///
    /// `json` (machine format, must not drift): an array of objects, one per line, keys `seq`,
    /// `recorded_at`, `occurred_at`, `type`, `event_id`, `applied`, `data` (the event's fields in
    /// payload order, absent ones omitted), then `label_before`, `label_type_before`,
    /// `label_after`, `label_type_after`, `status_before`, `status_after` (null when untouched).
    /// When the log holds repair markers (`lostSeqs`), each run of lost seqs is one more object
    /// in its place in seq order, `{"seq":5,"type":"log.lost","through_seq":9,"records":5}`:
    /// any of those records may have been about this sample.
    /// `table` (for people) and `csv`: columns seq, recorded_at, occurred_at, type, change; with a
    /// `width` (a terminal's), the table's long cells wrap to it. The table ends with a note
    /// naming the lost seqs (the CSV shape does not change).
    public func render(_ format: OutputFormat, width: Int? = nil) -> String {
        switch format {
        case .json:
            var lines: [String] = []
            var lost = RepairReport.ranges(lostSeqs)[...]
            for entry in entries {
                while let run = lost.first, run.lowerBound < entry.seq { lines.append(Self.json(lost: run)); lost.removeFirst() }
                lines.append(String(decoding: json(entry), as: UTF8.self))
            }
            lines += lost.map(Self.json(lost:))
            if lines.isEmpty { return "[]\n" }
            return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        case .table, .csv:
            let table = ResultTable(
                columns: ["seq", "recorded_at", "occurred_at", "type", "change"],
                rows: entries.map {
                    [.int(Int64($0.seq)), .timestamp($0.recordedAt), .timestamp($0.event.occurredAt),
                     .text($0.event.body.type.rawValue), .text(HistoryEntry.summary($0))]
                })
            // A history is read for its reasons, labels and URLs: on a terminal they wrap, never cut.
            let text = table.render(format, width: width, wraps: true)
            guard format == .table, !lostSeqs.isEmpty else { return text }
            return text + "note: the log lost \(RepairReport.describe(lostSeqs)) in a repair (log.lost markers); any of them may have been about this sample\n"
        }
    }

    /// The JSON object of one run of lost seqs.
    private static func json(lost run: ClosedRange<UInt64>) -> String {
        #"{"seq":\#(run.lowerBound),"type":"\#(RepairMarker.type)","through_seq":\#(run.upperBound),"records":\#(run.count)}"#
    }

    private func json(_ e: HistoryEntry) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.key("seq"); w.uint(e.seq)
        w.key("recorded_at"); w.string(e.recordedAt.rfc3339(.whenNonZero))
        w.key("occurred_at"); w.string(e.event.occurredAt.rfc3339(.whenNonZero))
        w.key("type"); w.string(e.event.body.type.rawValue)
        w.key("event_id"); w.string(e.eventID)
        w.key("applied"); w.bool(e.applied)
        w.key("data"); w.beginObject()
        for (name, value) in HistoryEntry.fields(e.event.body) {
            w.key(name)
            w.cell(value)
        }
        w.endObject()
        w.key("label_before"); w.string(e.labelBefore)
        w.key("label_type_before"); w.string(e.labelTypeBefore?.rawValue)
        w.key("label_after"); w.string(e.labelAfter)
        w.key("label_type_after"); w.string(e.labelTypeAfter?.rawValue)
        w.key("status_before"); w.string(e.statusBefore?.rawValue)
        w.key("status_after"); w.string(e.statusAfter?.rawValue)
        w.endObject()
        return w.bytes
    }
}

extension HistoryEntry {
    /// The event's own fields in payload order, absent optional fields left out.
    static func fields(_ body: EventBody) -> [(String, Cell)] {
        var out: [(String, Cell)] = []
        func add(_ name: String, _ value: String?) { if let value { out.append((name, .text(value))) } }
        func add(_ name: String, _ value: Int64?) { if let value { out.append((name, .int(value))) } }
        switch body {
        case .submitted(let s):
            add("image_url", s.imageURL); add("image_path", s.imagePath)
            add("label", s.label); add("label_type", s.labelType.rawValue)
            add("nyckel_function_id", s.nyckelFunctionID); add("source_scan_id", s.sourceScanID)
            add("region_name", s.regionName)
            if let crop = s.cropData { out.append(("crop_data", .crop(crop))) }
            add("image_width", s.imageWidth); add("image_height", s.imageHeight)
            add("file_size_bytes", s.fileSizeBytes)
        case .responded(let r):
            add("status", r.status.rawValue); add("nyckel_sample_id", r.nyckelSampleID); add("error", r.error)
        case .resubmitted(let r):
            add("nyckel_function_id", r.nyckelFunctionID)
        case .relabeled(let r):
            add("label", r.label); add("label_type", r.labelType?.rawValue)
            add("reason", r.reason); add("actor", r.actor)
        case .deleted(let d):
            add("reason", d.reason); add("actor", d.actor)
        case .updated(let u):
            add("image_url", u.imageURL); add("image_path", u.imagePath)
            add("nyckel_function_id", u.nyckelFunctionID); add("nyckel_sample_id", u.nyckelSampleID)
            add("source_scan_id", u.sourceScanID); add("region_name", u.regionName)
            if let crop = u.cropData { out.append(("crop_data", .crop(crop))) }
            add("image_width", u.imageWidth); add("image_height", u.imageHeight)
            add("file_size_bytes", u.fileSizeBytes)
            add("clear", u.clear.map { $0.names.joined(separator: ",") })
            add("reason", u.reason); add("actor", u.actor)
        case .imageFetched(let f):
            add("url", f.url); add("sha256", f.sha256); add("bytes", f.bytes); add("format", f.format.rawValue)
            add("width", f.width); add("height", f.height); add("content_type", f.contentType)
        case .imageFetchFailed(let f):
            add("url", f.url); add("reason", f.reason); add("http_status", f.httpStatus)
        }
        return out
    }

    /// One line for people: what changed (before → after), then the event's other fields.
    static func summary(_ e: HistoryEntry) -> String {
        var parts: [String] = []
        func labelled(_ label: String?, _ type: LabelType?) -> String {
            "\(label ?? "?") (\(type?.rawValue ?? "?"))"
        }
        let fields = fields(e.event.body)
        var shown: Set<String> = []
        switch e.event.body {
        case _ where !e.applied:
            parts.append("no effect: sample \(e.event.body.type == .sampleSubmitted ? "already live" : "not live")")
        case .submitted:
            parts.append("new \(labelled(e.labelAfter, e.labelTypeAfter)), status \(e.statusAfter?.rawValue ?? "?")")
            shown = ["label", "label_type"]
        case .responded, .resubmitted:
            parts.append("status \(e.statusBefore?.rawValue ?? "?") → \(e.statusAfter?.rawValue ?? "?")")
            shown = ["status"]
        case .relabeled:
            parts.append("label \(labelled(e.labelBefore, e.labelTypeBefore)) → \(labelled(e.labelAfter, e.labelTypeAfter))")
            shown = ["label", "label_type"]
        case .deleted:
            parts.append("deleted \(labelled(e.labelBefore, e.labelTypeBefore)), was \(e.statusBefore?.rawValue ?? "?")")
        case .updated(let u):
            parts.append("updated " + u.sets.union(u.clear ?? []).names.joined(separator: ", "))
        case .imageFetched(let f):
            parts.append("image stored: sha256 \(f.sha256), \(f.format.rawValue) \(f.width)x\(f.height), \(f.bytes) bytes")
            shown = ["sha256", "format", "width", "height", "bytes"]
        case .imageFetchFailed(let f):
            parts.append("image fetch failed: \(f.reason)")
            shown = ["reason"]
        }
        for (name, value) in fields where !shown.contains(name) {
            parts.append("\(name)=\(value.plainText ?? "")")
        }
        if let id = e.eventID { parts.append("event_id=\(id)") }
        return parts.joined(separator: "; ")
    }
}
