import EventLog
import SampleDomain

/// The events that take the log's current rows to an import file's rows.
///
/// For each file row, in file order:
/// - a sample the log does not hold (never submitted, or deleted): `sample.submitted` with the
///   row's id and columns, `occurred_at` = `created_at`; then its Nyckel state as below, also
///   at `created_at`;
/// - a sample the log holds: nothing when every column is equal (byte for byte); a changed
///   `label` or `label_type` is `sample.relabeled`; changed metadata (`image_url`, `image_path`,
///   `source_scan_id`, `region_name`, `crop_data`, the sizes, and `nyckel_function_id` /
///   `nyckel_sample_id` going back to NULL) is one `sample.updated` that sets each changed
///   column and clears each one that became NULL; a changed `nyckel_function_id` is
///   `nyckel.resubmitted` with it; a changed `nyckel_sample_id` is `nyckel.responded` carrying
///   it; a changed `nyckel_status` is `nyckel.responded` (accepted, rejected, error) or
///   `nyckel.resubmitted` (submitted). These events occur at `now`, in that order.
/// - Nyckel state: a new `nyckel_sample_id` with target status `submitted` can only be reached
///   as `nyckel.responded` (accepted) then `nyckel.resubmitted`, and that is what is written.
///
/// A `created_at` other than the log's is refused with the row's line: it is the time of the
/// submission, which no event changes. Every refused row is listed (`refusals`), not only the
/// first. Log rows missing from the file are `sample.deleted` only when `deletions` is set, in
/// id order, at `now`.
///
/// Importing a file whose rows the log already holds plans nothing: that is what makes a second
/// import of the same file append nothing.
public struct ImportPlan: Sendable {
    /// One planned event and the file line it comes from (0 for a deletion).
    public struct Step: Sendable {
        public var line: Int
        public var event: SampleEvent
        /// The event as a `tslog append` input line (no newline): what is validated and appended.
        public var inputLine: [UInt8]
    }

    /// What the plan keeps of each planned event.
    public enum Output: Sendable {
        /// `steps`: each event, its input line and its file line (a webhook, the tests).
        case steps
        /// `lines` and `fileLines` only: what an import validates and appends, without the
        /// events (a 1 M-row import plans ~2 M of them) or a second array built from the steps.
        case lines
    }

    /// With `Output.steps`, the planned events in order; empty with `Output.lines`.
    public var steps: [Step] = []
    /// With `Output.lines`, each planned event as a `tslog append` input line, numbered 1, 2, …
    /// in plan order: the shape `SampleStore.append(lines:)` takes. Empty with `Output.steps`.
    public var lines: [(number: Int, bytes: [UInt8])] = []
    /// With `Output.lines`, the file line each of `lines` comes from (0 for a deletion):
    /// `fileLines[n - 1]` for the line numbered n.
    public var fileLines: [Int] = []
    /// The number of planned events, whatever the output.
    public var count: Int { output == .steps ? steps.count : lines.count }
    private var output = Output.steps
    /// File rows the log does not hold.
    public var added = 0
    /// File rows the log holds with other values.
    public var changed = 0
    /// File rows equal to the log's.
    public var unchanged = 0
    /// Log rows missing from the file (deleted when `deletions`), in id order.
    public var missing: [SampleID] = []
    /// Every row that cannot be imported, in file order; the plan must not be appended unless
    /// this is empty.
    public var refusals: [ImportError] = []

    /// Plans the import of `rows`, throwing the first refusal (`refusals` has them all).
    /// - Parameters:
    ///   - current: the log's live row for an id, or nil.
    ///   - liveIDs: every id the log holds now.
    public static func make(rows: [ImportedRow], current: (SampleID) -> TableRowState?, liveIDs: [SampleID],
                            deletions: Bool, now: Timestamp) throws(ImportError) -> ImportPlan {
        let plan = planning(rows: rows, current: current, liveIDs: liveIDs, deletions: deletions, now: now)
        if let first = plan.refusals.first { throw first }
        return plan
    }

    /// Plans the import of `rows`, each refused row in `refusals` (and none of its events planned).
    public static func planning(rows: [ImportedRow], current: (SampleID) -> TableRowState?, liveIDs: [SampleID],
                                deletions: Bool, now: Timestamp, output: Output = .steps) -> ImportPlan {
        var plan = ImportPlan()
        plan.output = output
        var seen: [SampleID: Int] = [:]
        seen.reserveCapacity(rows.count)
        if output == .lines {
            // Most rows plan one or two events (a new row: its submission and its Nyckel state).
            plan.lines.reserveCapacity(rows.count)
            plan.fileLines.reserveCapacity(rows.count)
        }
        for row in rows {
            let id = row.state.id
            if let first = seen[id] {
                plan.refusals.append(ImportError(line: row.line, column: "id", message: "sample \(id) is also on line \(first)"))
                continue
            }
            seen[id] = row.line
            if let now0 = current(id) {
                let before = plan.count
                do throws(ImportError) {
                    try plan.change(from: now0, to: row, at: now)
                } catch {
                    plan.refusals.append(error)
                    continue
                }
                if plan.count > before { plan.changed += 1 } else { plan.unchanged += 1 }
            } else {
                plan.add(row)
                plan.added += 1
            }
        }
        plan.missing = liveIDs.filter { seen[$0] == nil }.sorted()
        if deletions {
            for id in plan.missing {
                plan.append(0, SampleEvent(sampleID: id, occurredAt: now,
                                           body: .deleted(SampleDeleted(reason: "not in the imported file"))))
            }
        }
        return plan
    }

    private mutating func append(_ line: Int, _ event: SampleEvent) {
        let payload = PayloadCodec.encode(event)
        let type = event.body.type.rawValue
        // Exactly the line's size: the payload's buffer has room to spare, and ~2 M lines may be kept.
        var input: [UInt8] = []
        input.reserveCapacity(payload.count + type.utf8.count + 10)
        input += "{\"type\":".utf8
        JSONWriter.appendQuoted(type, to: &input)
        input.append(UInt8(ascii: ","))
        input += payload.dropFirst()
        switch output {
        case .steps:
            steps.append(Step(line: line, event: event, inputLine: input))
        case .lines:
            lines.append((lines.count + 1, input))
            fileLines.append(line)
        }
    }

    private mutating func add(_ row: ImportedRow) {
        let s = row.state
        append(row.line, SampleEvent(sampleID: s.id, occurredAt: s.createdAt, body: .submitted(s.fields)))
        var state = s
        state.status = .submitted
        state.nyckelSampleID = nil
        nyckel(from: state, to: s, line: row.line, at: s.createdAt)
    }

    private mutating func change(from log: TableRowState, to row: ImportedRow, at now: Timestamp) throws(ImportError) {
        let f = row.state.fields, l = log.fields
        func refuse(_ column: String, _ file: String?, _ logValue: String?) -> ImportError {
            ImportError(line: row.line, column: column,
                        message: "is \(show(file)) in the file but \(show(logValue)) in the log, and no event changes it")
        }
        if row.state.createdAt != log.createdAt {
            throw refuse("created_at", row.state.createdAt.rfc3339(), log.createdAt.rfc3339())
        }
        if !same(f.label, l.label) || f.labelType != l.labelType {
            append(row.line, SampleEvent(sampleID: log.id, occurredAt: now, body: .relabeled(SampleRelabeled(
                label: f.label, labelType: f.labelType != l.labelType ? f.labelType : nil))))
        }
        if let update = Self.update(from: log, to: row.state) {
            append(row.line, SampleEvent(sampleID: log.id, occurredAt: now, body: .updated(update)))
        }
        var state = log
        if f.nyckelFunctionID != nil, !same(f.nyckelFunctionID, l.nyckelFunctionID) {
            append(row.line, SampleEvent(sampleID: log.id, occurredAt: now,
                                         body: .resubmitted(NyckelResubmitted(nyckelFunctionID: f.nyckelFunctionID))))
            state.status = .submitted
        }
        nyckel(from: state, to: row.state, line: row.line, at: now)
    }

    /// The `sample.updated` that takes `log`'s metadata to `file`'s, or nil when it is equal:
    /// each changed column set, each one that became NULL cleared. A new non-NULL
    /// `nyckel_function_id` or `nyckel_sample_id` is left to the Nyckel events (a resubmission,
    /// a response), which carry it; only their going back to NULL is an update.
    static func update(from log: TableRowState, to file: TableRowState) -> SampleUpdated? {
        let f = file.fields, l = log.fields
        var u = SampleUpdated()
        var clear: SampleColumns = []
        if !same(f.imageURL, l.imageURL) { u.imageURL = f.imageURL }
        if !same(f.imagePath, l.imagePath) { u.imagePath = f.imagePath }
        if f.nyckelFunctionID == nil, l.nyckelFunctionID != nil { clear.insert(.nyckelFunctionID) }
        if file.nyckelSampleID == nil, log.nyckelSampleID != nil { clear.insert(.nyckelSampleID) }
        func text(_ a: String?, _ b: String?, _ column: SampleColumns, _ set: (inout SampleUpdated, String) -> Void) {
            guard !same(a, b) else { return }
            if let a { set(&u, a) } else { clear.insert(column) }
        }
        text(f.sourceScanID, l.sourceScanID, .sourceScanID) { $0.sourceScanID = $1 }
        text(f.regionName, l.regionName, .regionName) { $0.regionName = $1 }
        if f.cropData != l.cropData {
            if let c = f.cropData { u.cropData = c } else { clear.insert(.cropData) }
        }
        func count(_ a: Int64?, _ b: Int64?, _ column: SampleColumns, _ set: (inout SampleUpdated, Int64) -> Void) {
            guard a != b else { return }
            if let a { set(&u, a) } else { clear.insert(column) }
        }
        count(f.imageWidth, l.imageWidth, .imageWidth) { $0.imageWidth = $1 }
        count(f.imageHeight, l.imageHeight, .imageHeight) { $0.imageHeight = $1 }
        count(f.fileSizeBytes, l.fileSizeBytes, .fileSizeBytes) { $0.fileSizeBytes = $1 }
        u.clear = clear.isEmpty ? nil : clear
        return u.changes.isEmpty ? nil : u
    }

    /// The responses and resubmissions that take `from`'s Nyckel state to `to`'s.
    private mutating func nyckel(from: TableRowState, to: TableRowState, line: Int, at time: Timestamp) {
        var status = from.status
        let id = to.id
        if let target = to.nyckelSampleID, !same(target, from.nyckelSampleID) {
            let response = ResponseStatus(rawValue: to.status.rawValue) ?? .accepted
            append(line, SampleEvent(sampleID: id, occurredAt: time,
                                     body: .responded(NyckelResponded(status: response, nyckelSampleID: target))))
            status = response.nyckelStatus
        }
        guard status != to.status else { return }
        if let response = ResponseStatus(rawValue: to.status.rawValue) {
            append(line, SampleEvent(sampleID: id, occurredAt: time, body: .responded(NyckelResponded(status: response))))
        } else {
            append(line, SampleEvent(sampleID: id, occurredAt: time, body: .resubmitted(NyckelResubmitted())))
        }
    }
}

/// Byte-for-byte equality (Swift's `==` on strings treats canonically equivalent text as equal).
private func same(_ a: String?, _ b: String?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (a?, b?): a.utf8.elementsEqual(b.utf8)
    default: false
    }
}

private func show(_ value: String?) -> String { value.map { quoted($0) } ?? "NULL" }
