import EventLog

/// The events that take the log's current rows to an import file's rows.
///
/// For each file row, in file order:
/// - a sample the log does not hold (never submitted, or deleted): `sample.submitted` with the
///   row's id and columns, `occurred_at` = `created_at`; then its Nyckel state as below, also
///   at `created_at`;
/// - a sample the log holds: nothing when every column is equal (byte for byte); a changed
///   `label` or `label_type` is `sample.relabeled`; a changed `nyckel_function_id` is
///   `nyckel.resubmitted` with it; a changed `nyckel_sample_id` is `nyckel.responded` carrying
///   it; a changed `nyckel_status` is `nyckel.responded` (accepted, rejected, error) or
///   `nyckel.resubmitted` (submitted). These events occur at `now`.
/// - Nyckel state: a new `nyckel_sample_id` with target status `submitted` can only be reached
///   as `nyckel.responded` (accepted) then `nyckel.resubmitted`, and that is what is written.
///
/// Columns no event changes (`created_at`, `image_url`, `image_path`, `source_scan_id`,
/// `region_name`, `crop_data`, the sizes), and `nyckel_function_id` / `nyckel_sample_id` going
/// back to NULL, are refused with the row's line and column. Log rows missing from the file are
/// `sample.deleted` only when `deletions` is set, in id order, at `now`.
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

    public var steps: [Step] = []
    /// File rows the log does not hold.
    public var added = 0
    /// File rows the log holds with other values.
    public var changed = 0
    /// File rows equal to the log's.
    public var unchanged = 0
    /// Log rows missing from the file (deleted when `deletions`), in id order.
    public var missing: [SampleID] = []

    /// Plans the import of `rows`.
    /// - Parameters:
    ///   - current: the log's live row for an id, or nil.
    ///   - liveIDs: every id the log holds now.
    public static func make(rows: [ImportedRow], current: (SampleID) -> TableRowState?, liveIDs: [SampleID],
                            deletions: Bool, now: Timestamp) throws(ImportError) -> ImportPlan {
        var plan = ImportPlan()
        var seen: [SampleID: Int] = [:]
        for row in rows {
            let id = row.state.id
            if let first = seen[id] {
                throw ImportError(line: row.line, column: "id", message: "sample \(id) is also on line \(first)")
            }
            seen[id] = row.line
            if let now0 = current(id) {
                let before = plan.steps.count
                try plan.change(from: now0, to: row, at: now)
                if plan.steps.count > before { plan.changed += 1 } else { plan.unchanged += 1 }
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
        var input = Array("{\"type\":".utf8)
        JSONWriter.appendQuoted(event.body.type.rawValue, to: &input)
        input.append(UInt8(ascii: ","))
        input += PayloadCodec.encode(event).dropFirst()
        steps.append(Step(line: line, event: event, inputLine: input))
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
        for (column, a, b) in [("image_url", f.imageURL, l.imageURL), ("image_path", f.imagePath, l.imagePath)] where !same(a, b) {
            throw refuse(column, a, b)
        }
        for (column, a, b) in [("source_scan_id", f.sourceScanID, l.sourceScanID), ("region_name", f.regionName, l.regionName)] where !same(a, b) {
            throw refuse(column, a, b)
        }
        if f.cropData != l.cropData { throw refuse("crop_data", f.cropData.map(cropText), l.cropData.map(cropText)) }
        for (column, a, b) in [("image_width", f.imageWidth, l.imageWidth), ("image_height", f.imageHeight, l.imageHeight),
                               ("file_size_bytes", f.fileSizeBytes, l.fileSizeBytes)] where a != b {
            throw refuse(column, a.map { String($0) }, b.map { String($0) })
        }
        if f.nyckelFunctionID == nil, l.nyckelFunctionID != nil { throw refuse("nyckel_function_id", nil, l.nyckelFunctionID) }
        if row.state.nyckelSampleID == nil, log.nyckelSampleID != nil { throw refuse("nyckel_sample_id", nil, log.nyckelSampleID) }
        if !same(f.label, l.label) || f.labelType != l.labelType {
            append(row.line, SampleEvent(sampleID: log.id, occurredAt: now, body: .relabeled(SampleRelabeled(
                label: f.label, labelType: f.labelType != l.labelType ? f.labelType : nil))))
        }
        var state = log
        if !same(f.nyckelFunctionID, l.nyckelFunctionID) {
            append(row.line, SampleEvent(sampleID: log.id, occurredAt: now,
                                         body: .resubmitted(NyckelResubmitted(nyckelFunctionID: f.nyckelFunctionID))))
            state.status = .submitted
        }
        nyckel(from: state, to: row.state, line: row.line, at: now)
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

private func cropText(_ c: CropData) -> String {
    "{x: \(JSONWriter.numberText(c.x)), y: \(JSONWriter.numberText(c.y)), width: \(JSONWriter.numberText(c.width)), height: \(JSONWriter.numberText(c.height))}"
}
