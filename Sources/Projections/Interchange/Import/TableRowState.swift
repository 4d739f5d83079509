import EventLog
import SampleDomain

/// One `training_samples` row as SampleDomain sees it: what an import file says a row is, and
/// what the log says it is now. `Projections` builds it from a `SampleRow`.
public struct TableRowState: Equatable, Sendable {
    public var id: SampleID
    public var createdAt: Timestamp
    /// Every column a `sample.submitted` event sets, with the current label, label type and
    /// Nyckel function id.
    public var fields: SampleSubmitted
    public var nyckelSampleID: String?
    public var status: NyckelStatus

    public init(id: SampleID, createdAt: Timestamp, fields: SampleSubmitted, nyckelSampleID: String?, status: NyckelStatus) {
        self.id = id; self.createdAt = createdAt; self.fields = fields
        self.nyckelSampleID = nyckelSampleID; self.status = status
    }
}

/// A row read from an import file, and the line it starts on.
public struct ImportedRow: Equatable, Sendable {
    public var line: Int
    public var state: TableRowState
}

/// What `ImportReader` reads: a `training_samples` export.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// RFC 4180 with a header row (Supabase's "Download as CSV", `tslog export --format csv`).
    case csv
    /// A JSON array of row objects (`select('*')`, `tslog export --format json`), or one object
    /// per line (`--format jsonl`).
    case json
}
