import EventLog
import SampleDomain

/// How one sample's row differs between two points of the log.
public enum DiffKind: String, CaseIterable, Sendable {
    /// Not a row at FROM, a row at TO.
    case added
    /// A row at FROM, gone at TO.
    case deleted
    /// `label` or `label_type` differ.
    case relabeled
    /// `nyckel_status` differs.
    case statusChanged = "status_changed"
    /// Another column differs (nyckel ids, or image fields after a delete and re-submit of the id).
    case modified

    /// The word people read for the kind (issue 19's words): `added`, `removed`, `relabeled`,
    /// `status changed`, `updated` — `removed` is `deleted` and `updated` is `modified` (a metadata
    /// column changed, as `sample.updated` does), whose raw values stay in the frozen JSON and CSV.
    public var word: String {
        switch self {
        case .added: "added"
        case .deleted: "removed"
        case .relabeled: "relabeled"
        case .statusChanged: "status changed"
        case .modified: "updated"
        }
    }
}

/// One sample whose row differs between FROM and TO.
public struct DiffRow: Equatable, Sendable {
    public var id: SampleID
    /// `[.added]`, `[.deleted]`, or some of relabeled, status_changed, modified, in that order.
    public var kinds: [DiffKind]
    /// The row at FROM and at TO (nil: no row).
    public var before: SampleRow?
    public var after: SampleRow?
    /// The columns that differ, in table order (empty for added and deleted rows).
    public var changedColumns: [String]
    /// The seqs of the sample's events between the two points: what caused the change.
    public var eventSeqs: [UInt64]
}

/// The row counts of one label (of one label type) at both points, and the moves between them.
public struct LabelNet: Equatable, Sendable {
    public var labelType: LabelType
    public var label: String
    /// Rows with this label at FROM and at TO.
    public var before: Int
    public var after: Int
    /// Rows that have this label at TO but did not at FROM (added, or relabeled to it).
    public var entered: Int
    /// Rows that had this label at FROM but do not at TO (deleted, or relabeled away).
    public var left: Int
    /// `after - before`, which is also `entered - left`.
    public var net: Int { after - before }
}

/// Which samples a diff reports: those that had this label type and/or label at FROM, at TO, or
/// at any point between (so a relabel through the label is shown).
public struct DiffFilter: Sendable, Equatable {
    public var labelType: LabelType?
    public var label: String?

    public init(labelType: LabelType? = nil, label: String? = nil) {
        self.labelType = labelType; self.label = label
    }

    public var isEmpty: Bool { labelType == nil && label == nil }

    /// Whether a row state with this label matches (labels compared byte for byte).
    public func matches(_ labelType: LabelType, _ label: String) -> Bool {
        (self.labelType == nil || self.labelType == labelType) && (self.label.map { $0.utf8.elementsEqual(label.utf8) } ?? true)
    }
}

/// What changed in the training data between two points of the log: `tslog diff FROM TO`.
///
/// Rows are compared, not events: a sample relabeled and relabeled back, or submitted and deleted
/// again, between the points is not a row (its row is the same), but its events are still in
/// `events`. The order of the points is kept: with FROM after TO, "added" means a row TO has and
/// FROM has not, and the events listed are the ones between them, in seq order.
public struct DatasetDiff: Sendable {
    public let fromSeq: UInt64
    public let toSeq: UInt64
    public let filter: DiffFilter
    /// Changed samples, by id (byte order).
    public internal(set) var rows: [DiffRow] = []
    /// Every event between the points about a sample the filter selects (including samples whose
    /// row ended up unchanged), in seq order.
    public internal(set) var events: [HistoryEntry] = []
    /// Labels whose rows moved (entered or left), by label type then label (byte order).
    public internal(set) var labels: [LabelNet] = []
    /// Samples the filter selects that are rows at both points with the same values (whether or
    /// not events touched them between: a relabel undone leaves the row unchanged).
    public internal(set) var unchanged = 0

    /// Samples per kind of change (a sample relabeled and status-changed counts for both).
    public func count(_ kind: DiffKind) -> Int { rows.filter { $0.kinds.contains(kind) }.count }
}
