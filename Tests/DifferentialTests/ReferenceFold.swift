import EventLog
import SampleDomain

/// A deliberately naive model of the `training_samples` table: a dictionary of rows, refolded from
/// the first event for every question. It exists to debug the harness's SQL today and to stand in
/// for tslog's projections until they are merged (see `TslogSide.swift.pending`).
///
/// Labels are compared as UTF-8 bytes, never as `String`s: Swift's `==` treats "é" and "e\u{301}"
/// as equal, PostgreSQL's `COLLATE "C"` does not.
struct ReferenceTable {
    struct Row {
        var id: SampleID
        var createdAt: Timestamp
        var imageURL: String
        var label: String
        var labelType: LabelType
        var status: NyckelStatus
        var nyckelSampleID: String?
        var functionID: String?
        var sourceScanID: String?
        var regionName: String?
        var crop: CropData?
    }

    var rows: [SampleID: Row] = [:]

    mutating func apply(_ event: SampleEvent) {
        let id = event.sampleID
        switch event.body {
        case .submitted(let s):
            rows[id] = Row(id: id, createdAt: event.occurredAt, imageURL: s.imageURL, label: s.label,
                           labelType: s.labelType, status: .submitted, functionID: s.nyckelFunctionID,
                           sourceScanID: s.sourceScanID, regionName: s.regionName, crop: s.cropData)
        case .responded(let r):
            rows[id]?.status = r.status.nyckelStatus
            if let nk = r.nyckelSampleID { rows[id]?.nyckelSampleID = nk }
        case .resubmitted(let r):
            rows[id]?.status = .submitted
            if let fn = r.nyckelFunctionID { rows[id]?.functionID = fn }
        case .relabeled(let r):
            rows[id]?.label = r.label
            if let t = r.labelType { rows[id]?.labelType = t }
        case .updated(let u):
            guard var row = rows[id] else { return }
            let clear = u.clear ?? []
            if let v = u.imageURL { row.imageURL = v }
            if let v = u.nyckelSampleID { row.nyckelSampleID = v } else if clear.contains(.nyckelSampleID) { row.nyckelSampleID = nil }
            if let v = u.nyckelFunctionID { row.functionID = v } else if clear.contains(.nyckelFunctionID) { row.functionID = nil }
            if let v = u.sourceScanID { row.sourceScanID = v } else if clear.contains(.sourceScanID) { row.sourceScanID = nil }
            if let v = u.regionName { row.regionName = v } else if clear.contains(.regionName) { row.regionName = nil }
            if let v = u.cropData { row.crop = v } else if clear.contains(.cropData) { row.crop = nil }
            rows[id] = row
        case .deleted:
            rows[id] = nil
        case .imageFetched, .imageFetchFailed:
            break  // image facts leave the table as it is
        }
    }
}

/// Byte-wise order and equality for labels, as `COLLATE "C"`.
func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
func byteLess(_ a: String, _ b: String) -> Bool { bytes(a).lexicographicallyPrecedes(bytes(b)) }

/// The reference answer to `query`, as tslog's CSV: same shape as `tslogCSV`.
func referenceCSV(events: [(UInt64, SampleEvent)], upTo seq: UInt64, query: DiffQuery, options o: DiffOptions) -> String {
    var table = ReferenceTable()
    for (n, e) in events where n <= seq { table.apply(e) }
    let rows = Array(table.rows.values)
    let newestFirst = { (a: ReferenceTable.Row, b: ReferenceTable.Row) in (a.createdAt, b.id) > (b.createdAt, a.id) }
    func time(_ t: Timestamp) -> String { t.rfc3339(.whenNonZero) }
    func counted<K: Hashable>(_ key: (ReferenceTable.Row) -> K, _ rows: [ReferenceTable.Row]) -> [(K, Int)] {
        Dictionary(grouping: rows, by: key).map { ($0.key, $0.value.count) }
    }
    switch query {
    case .labelTypes:
        let groups = counted({ $0.labelType }, rows).sorted { ($1.1, $0.0.rawValue) < ($0.1, $1.0.rawValue) }
        return CSV.render(["label_type", "sample_count"], groups.map { [$0.0.rawValue, String($0.1)] })
    case .labels:
        struct Key: Hashable { var label: [UInt8]; var type: LabelType; var text: String
            static func == (a: Key, b: Key) -> Bool { a.label == b.label && a.type == b.type }
            func hash(into h: inout Hasher) { h.combine(label); h.combine(type) } }
        let filtered = rows.filter { o.labelType == nil || $0.labelType == o.labelType }
        let groups = counted({ Key(label: bytes($0.label), type: $0.labelType, text: $0.label) }, filtered).sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.label != b.0.label { return a.0.label.lexicographicallyPrecedes(b.0.label) }
            return a.0.type.rawValue < b.0.type.rawValue
        }
        return CSV.render(["label", "label_type", "count"], groups.map { [$0.0.text, $0.0.type.rawValue, String($0.1)] })
    case .failed, .problems:
        let wanted: Set<NyckelStatus> = query == .failed ? [.error] : [.error, .rejected]
        var picked = rows.filter { wanted.contains($0.status) }.sorted(by: newestFirst)
        if query == .failed { picked = Array(picked.prefix(o.limit)) }
        return CSV.render(["id", "created_at", "label", "label_type", "image_url", "nyckel_status"], picked.map {
            [$0.id.description, time($0.createdAt), $0.label, $0.labelType.rawValue, $0.imageURL, $0.status.rawValue]
        })
    case .daily:
        let days = Dictionary(grouping: rows, by: { $0.createdAt.utcDay }).sorted { $0.key > $1.key }.prefix(o.days)
        return CSV.render(["training_date", "samples_submitted", "unique_labels"], days.map { day, rows in
            [Timestamp.dateString(utcDay: day), String(rows.count), String(Set(rows.map { bytes($0.label) }).count)]
        })
    case .samples:
        let want = bytes(o.label ?? "")
        let picked = rows.filter { bytes($0.label) == want && (o.labelType == nil || $0.labelType == o.labelType) }
            .sorted(by: newestFirst)
        return CSV.render(["id", "image_url", "created_at", "nyckel_status"], picked.map {
            [$0.id.description, $0.imageURL, time($0.createdAt), $0.status.rawValue]
        })
    case .accepted:
        let picked = rows.filter { $0.status == .accepted }.sorted { a, b in
            if bytes(a.label) != bytes(b.label) { return byteLess(a.label, b.label) }
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        }
        return CSV.render(["image_url", "label", "label_type", "crop_data", "created_at"], picked.map {
            [$0.imageURL, $0.label, $0.labelType.rawValue, $0.crop.map(cropJSON), time($0.createdAt)]
        })
    case .scans:
        let picked = rows.filter { $0.sourceScanID != nil }.sorted(by: newestFirst)
        return CSV.render(["id", "label", "region_name", "image_url", "source_scan_id"], picked.map {
            [$0.id.description, $0.label, $0.regionName, $0.imageURL, $0.sourceScanID]
        })
    case .balance:
        let groups = Dictionary(grouping: rows.filter { $0.labelType == .grade }, by: { bytes($0.label) })
            .filter { $0.value.count < o.below }
            .sorted { a, b in a.value.count != b.value.count ? a.value.count < b.value.count : a.key.lexicographicallyPrecedes(b.key) }
        return CSV.render(["label", "count"], groups.map { [$0.value[0].label, String($0.value.count)] })
    case .overall:
        let total = rows.count
        let accepted = rows.filter { $0.status == .accepted }.count
        let failed = rows.filter { $0.status == .error }.count
        var rate: String?
        if total > 0 {
            let hundredths = (2 * accepted * 10_000 + total) / (2 * total)   // ROUND(.., 2), half away from zero
            let cents = hundredths % 100
            rate = "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
        }
        return CSV.render(["total_samples", "unique_labels", "successful", "failed", "success_rate"],
                          [[String(total), String(Set(rows.map { bytes($0.label) }).count), String(accepted), String(failed), rate]])
    }
}

func cropJSON(_ c: CropData) -> String {
    "{\"x\":\(JSONWriter.numberText(c.x)),\"y\":\(JSONWriter.numberText(c.y)),"
        + "\"width\":\(JSONWriter.numberText(c.width)),\"height\":\(JSONWriter.numberText(c.height))}"
}

/// RFC 4180 as tslog renders it: a header, `\n` line ends, a field quoted only when it holds
/// `,`, `"`, `\n` or `\r` or is the empty string; NULL is an empty, unquoted field.
enum CSV {
    static func render(_ header: [String], _ rows: [[String?]]) -> String {
        var out = header.map { field($0) }.joined(separator: ",") + "\n"
        for row in rows { out += row.map { $0.map(field) ?? "" }.joined(separator: ",") + "\n" }
        return out
    }

    static func field(_ s: String) -> String {
        if s.isEmpty { return "\"\"" }
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var out: [UInt8] = [0x22]
        for b in s.utf8 { out.append(b); if b == 0x22 { out.append(b) } }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
