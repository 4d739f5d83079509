import EventLog
import SampleDomain

/// `tslog images check`: the quality report of the live samples' images.
///
/// - `missing`: live samples without stored bytes (including those whose fetch failed);
/// - `failed`: live samples whose last fetch failed, with the reason;
/// - `duplicates`: one SHA-256 stored for two or more live samples;
/// - `conflicts`: the duplicates whose samples carry different labels;
/// - `mismatches`: samples whose recorded `image_width`, `image_height` or `file_size_bytes`
///   differ from what the stored image says (one entry per field).
///
/// Every list is in a fixed order (samples in export order; duplicates by SHA-256), so the same
/// log gives the same report.
public struct ImageCheck: Equatable, Sendable {
    public struct Missing: Equatable, Sendable { public var sampleID: SampleID; public var url: String }
    public struct Failed: Equatable, Sendable {
        public var sampleID: SampleID; public var url: String; public var reason: String; public var httpStatus: Int64?
    }
    public struct Duplicate: Equatable, Sendable {
        public var sha256: String; public var sampleIDs: [SampleID]; public var labels: [String]
    }
    public struct Mismatch: Equatable, Sendable {
        public var sampleID: SampleID; public var sha256: String; public var field: String
        public var recorded: Int64; public var fetched: Int64
    }

    public var missing: [Missing] = []
    public var failed: [Failed] = []
    public var duplicates: [Duplicate] = []
    public var conflicts: [Duplicate] = []
    public var mismatches: [Mismatch] = []

    /// How many live samples have stored bytes.
    public var stored = 0

    /// The report for the live `rows` (in export order).
    public init(rows: [SampleRow], ledger: ImageLedger, store: BlobStore) {
        var bySHA: [String: [SampleRow]] = [:]
        for row in rows {
            let entry = ledger.entries[row.id]
            guard let fetched = entry?.fetched, store.contains(fetched.sha256) else {
                missing.append(Missing(sampleID: row.id, url: row.imageURL))
                if let failure = entry?.failure {
                    failed.append(Failed(sampleID: row.id, url: failure.url, reason: failure.reason, httpStatus: failure.httpStatus))
                }
                continue
            }
            stored += 1
            bySHA[fetched.sha256, default: []].append(row)
            let pairs: [(String, Int64?, Int64)] = [("image_width", row.imageWidth, fetched.width),
                                                     ("image_height", row.imageHeight, fetched.height),
                                                     ("file_size_bytes", row.fileSizeBytes, fetched.bytes)]
            for (field, recorded, actual) in pairs {
                if let recorded, recorded != actual {
                    mismatches.append(Mismatch(sampleID: row.id, sha256: fetched.sha256, field: field, recorded: recorded, fetched: actual))
                }
            }
        }
        for sha in bySHA.keys.sorted() {
            guard let group = bySHA[sha], group.count > 1 else { continue }
            var labels: [String] = []
            for row in group where !labels.contains(row.label) { labels.append(row.label) }
            let duplicate = Duplicate(sha256: sha, sampleIDs: group.map(\.id), labels: labels)
            duplicates.append(duplicate)
            if labels.count > 1 { conflicts.append(duplicate) }
        }
    }

    /// Whether nothing is missing, failed, conflicting or mismatched (plain duplicates are fine).
    public var isClean: Bool { missing.isEmpty && conflicts.isEmpty && mismatches.isEmpty }

    /// The report as one JSON object with exactly the keys `missing`, `failed`, `duplicates`,
    /// `conflicts`, `mismatches`, in that order (frozen).
    public var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("missing"); w.beginArray()
        for m in missing { w.beginObject(); w.key("sample_id"); w.string(m.sampleID.description); w.key("url"); w.string(m.url); w.endObject() }
        w.endArray()
        w.key("failed"); w.beginArray()
        for f in failed {
            w.beginObject(); w.key("sample_id"); w.string(f.sampleID.description); w.key("url"); w.string(f.url)
            w.key("reason"); w.string(f.reason); w.key("http_status"); w.int(f.httpStatus); w.endObject()
        }
        w.endArray()
        for (key, list) in [("duplicates", duplicates), ("conflicts", conflicts)] {
            w.key(key); w.beginArray()
            for d in list {
                w.beginObject(); w.key("sha256"); w.string(d.sha256)
                w.key("sample_ids"); w.beginArray(); for id in d.sampleIDs { w.string(id.description) }; w.endArray()
                w.key("labels"); w.beginArray(); for l in d.labels { w.string(l) }; w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        w.key("mismatches"); w.beginArray()
        for m in mismatches {
            w.beginObject(); w.key("sample_id"); w.string(m.sampleID.description); w.key("sha256"); w.string(m.sha256)
            w.key("field"); w.string(m.field); w.key("recorded"); w.int(m.recorded); w.key("fetched"); w.int(m.fetched)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The report for people: a count per list, then one line per entry. URLs, reasons and
    /// labels are stored values, shown with their controls escaped (`TextWidth.visible`), as
    /// every table shows them: one entry stays one line and none of them drives the terminal.
    public var table: String {
        var lines = ["stored      \(stored)", "missing     \(missing.count)", "failed      \(failed.count)",
                     "duplicates  \(duplicates.count)", "conflicts   \(conflicts.count)", "mismatches  \(mismatches.count)"]
        for f in failed { lines.append("failed     \(f.sampleID)  \(TextWidth.visible(f.reason))  \(TextWidth.visible(f.url))") }
        for m in missing where !failed.contains(where: { $0.sampleID == m.sampleID }) {
            lines.append("missing    \(m.sampleID)  \(TextWidth.visible(m.url))")
        }
        for d in duplicates {
            let kind = d.labels.count > 1 ? "conflict " : "duplicate"
            let labels = d.labels.map(TextWidth.visible).joined(separator: ", ")
            lines.append("\(kind)  \(d.sha256.prefix(12))  \(d.sampleIDs.map(\.description).joined(separator: " "))  labels: \(labels)")
        }
        for m in mismatches { lines.append("mismatch   \(m.sampleID)  \(m.field) recorded \(m.recorded), image \(m.fetched)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ImageCheck {
    /// The `images` section of `project stats` and the report: one object with the counts of
    /// live samples whose image is stored or missing, and of duplicates and label conflicts.
    public var summary: ResultTable {
        Self.summary(stored: stored, missing: missing.count, duplicates: duplicates.count, conflicts: conflicts.count)
    }

    /// The `images` section from its four counts.
    static func summary(stored: Int, missing: Int, duplicates: Int, conflicts: Int) -> ResultTable {
        ResultTable(columns: ["stored", "missing", "duplicates", "conflicts"],
                    rows: [[.int(Int64(stored)), .int(Int64(missing)), .int(Int64(duplicates)), .int(Int64(conflicts))]],
                    singleObject: true)
    }
}
