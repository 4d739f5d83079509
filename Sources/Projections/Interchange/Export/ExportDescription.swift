import EventLog
import SampleDomain

/// What an export reflects: the log position it was taken at, the filters, the row count.
///
/// Written as one line of JSON (`json`) into the SQL script's header comment and, with `--out`,
/// into the sidecar file `<out>.position.json`, so that an export can be reproduced exactly
/// later with `tslog export --as-of-seq <seq>` and the same filters. Frozen: keys in this order
/// `format, seq, recorded_at, rows, status, label_type, label`; absent values are `null`.
public struct ExportDescription: Equatable, Sendable {
    public var format: ExportFormat
    /// The seq of the last event the export reflects (0: an empty log or a point before it).
    public var seq: UInt64
    /// When that event was recorded; nil when `seq` is 0.
    public var recordedAt: Timestamp?
    public var filter: ExportFilter
    public var rowCount: Int
    /// The valid time the rows stood at (`--valid-at`); nil: the table as the log's order left it.
    public var validAt: Timestamp?

    public init(format: ExportFormat, seq: UInt64, recordedAt: Timestamp?, filter: ExportFilter, rowCount: Int,
                validAt: Timestamp? = nil) {
        self.format = format; self.seq = seq; self.recordedAt = recordedAt
        self.filter = filter; self.rowCount = rowCount; self.validAt = validAt
    }

    /// The description as one line of compact JSON, without a newline.
    public var json: String {
        var w = JSONWriter(capacity: 192)
        w.beginObject()
        w.key("format"); w.string(format.rawValue)
        w.key("seq"); w.uint(seq)
        w.key("recorded_at"); w.string(recordedAt?.rfc3339(.microseconds))
        w.key("rows"); w.int(rowCount)
        w.key("status"); w.string(filter.status?.rawValue)
        w.key("label_type"); w.string(filter.labelType?.rawValue)
        w.key("label"); w.string(filter.label)
        if let validAt { w.key("valid_at"); w.string(validAt.rfc3339(.microseconds)) }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// A one-line summary for people, e.g. `12 rows as of seq 40 (recorded at …)`.
    public var summary: String {
        let rows = "\(rowCount) row\(rowCount == 1 ? "" : "s")"
            + (validAt.map { " at valid time \($0.rfc3339(.microseconds))" } ?? "")
        guard let recordedAt else { return "\(rows) as of seq \(seq) (an empty log)" }
        return "\(rows) as of seq \(seq) (recorded at \(recordedAt.rfc3339(.microseconds)))"
    }
}
