import EventLog
import SampleDomain

extension DatasetDiff {
    /// Compares the table after `from` with the table after `to` in `reader`'s log.
    ///
    /// Folds the log once through the earlier point, copies the projections, then folds on to the
    /// later point, noting each event's sample: only those samples can differ.
    /// - Complexity: O(bytes through max(from, to)), plus one copy of the projections.
    public static func compute(_ reader: LogReader, from: UInt64, to: UInt64, filter: DiffFilter = DiffFilter()) throws -> DatasetDiff {
        let low = min(from, to), high = max(from, to)
        let early = try ProjectionLoader.load(reader, through: low)
        return try compare(early: early, forward: from <= to, diff: DatasetDiff(fromSeq: from, toSeq: to, filter: filter)) { visit in
            guard high > low else { return }
            try SampleEventReader.forEach(in: reader, from: low + 1, through: high) { seq, recordedAt, event, record in
                visit(seq, recordedAt, event, record.eventID)
            }
        }
    }

    /// The diff from `early` (the state at the earlier point) and the events that lead from it to
    /// the later point, which `events` hands to its visitor in the order they are folded. With
    /// `forward` false the earlier point is TO.
    static func compare(early: ProjectionSet, forward: Bool, diff: DatasetDiff,
                        events: ((UInt64, Timestamp, SampleEvent, String?) -> Void) throws -> Void) throws -> DatasetDiff {
        let filter = diff.filter
        var late = early
        var touched: [SampleID: [HistoryEntry]] = [:]
        var order: [SampleID] = []
        var seen: [SampleID: Set<LabelKey>] = [:]
        try events { seq, recordedAt, event, eventID in
            let id = event.sampleID
            let before = late.row(id)
            late.apply(event, seq: seq)
            let after = late.row(id)
            if touched[id] == nil {
                order.append(id)
                seen[id] = before.map { [LabelKey($0)] } ?? []
            }
            if let after { seen[id]?.insert(LabelKey(after)) }
            touched[id, default: []].append(entry(seq, recordedAt, event, eventID, before, after))
        }
        let (start, end) = forward ? (early, late) : (late, early)
        var diff = diff
        var moves: [LabelKey: (entered: Int, left: Int)] = [:]
        for id in order {
            let before = start.row(id), after = end.row(id)
            var keys = seen[id] ?? []
            if let after { keys.insert(LabelKey(after)) }
            guard filter.isEmpty || keys.contains(where: { filter.matches($0.type, $0.label) }) else { continue }
            diff.events += touched[id] ?? []
            guard let row = diffRow(id, before, after, touched[id] ?? []) else { continue }
            diff.rows.append(row)
            let kb = before.map(LabelKey.init), ka = after.map(LabelKey.init)
            if kb != ka {
                if let kb { moves[kb, default: (0, 0)].left += 1 }
                if let ka { moves[ka, default: (0, 0)].entered += 1 }
            }
        }
        // Unchanged: rows at FROM the filter selects that are rows at TO with the same values.
        // Every other row at FROM is a diff row with a `before` (deleted, or changed in place).
        let changedFromStart = diff.rows.filter { row in row.before.map { filter.matches($0.labelType, $0.label) } ?? false }.count
        diff.unchanged = start.liveCount(matching: filter) - changedFromStart
        diff.rows.sort { $0.id < $1.id }
        diff.events.sort { $0.seq < $1.seq }
        diff.labels = moves.filter { filter.matches($0.key.type, $0.key.label) }.map { key, move in
            LabelNet(labelType: key.type, label: key.label, before: start.count(label: key.label, type: key.type),
                     after: end.count(label: key.label, type: key.type), entered: move.entered, left: move.left)
        }.sorted { a, b in
            a.labelType.ordinal != b.labelType.ordinal ? a.labelType.ordinal < b.labelType.ordinal
                : a.label.utf8.lexicographicallyPrecedes(b.label.utf8)
        }
        return diff
    }

    /// The row for a sample, or nil when its row is the same at both points.
    static func diffRow(_ id: SampleID, _ before: SampleRow?, _ after: SampleRow?, _ events: [HistoryEntry]) -> DiffRow? {
        let seqs = events.map(\.seq)
        switch (before, after) {
        case (nil, nil):
            return nil
        case (nil, _?):
            return DiffRow(id: id, kinds: [.added], before: nil, after: after, changedColumns: [], eventSeqs: seqs)
        case (_?, nil):
            return DiffRow(id: id, kinds: [.deleted], before: before, after: nil, changedColumns: [], eventSeqs: seqs)
        case (let b?, let a?):
            let changed = b.changedColumns(to: a)
            guard !changed.isEmpty else { return nil }
            var kinds: [DiffKind] = []
            if changed.contains("label") || changed.contains("label_type") { kinds.append(.relabeled) }
            if changed.contains("nyckel_status") { kinds.append(.statusChanged) }
            if changed.contains(where: { !["label", "label_type", "nyckel_status"].contains($0) }) { kinds.append(.modified) }
            return DiffRow(id: id, kinds: kinds, before: b, after: a, changedColumns: changed, eventSeqs: seqs)
        }
    }

    /// A history entry with the sample's label, type and status before and after the event.
    static func entry(_ seq: UInt64, _ at: Timestamp, _ event: SampleEvent, _ eventID: String?,
                      _ before: SampleRow?, _ after: SampleRow?) -> HistoryEntry {
        let applied = event.body.type == .sampleSubmitted ? before == nil : before != nil
        return HistoryEntry(seq: seq, recordedAt: at, event: event, eventID: eventID, applied: applied,
                            labelBefore: before?.label, labelTypeBefore: before?.labelType,
                            labelAfter: after?.label, labelTypeAfter: after?.labelType,
                            statusBefore: before?.status, statusAfter: after?.status)
    }
}

/// A label of one label type: the key the `labels` query groups by.
/// Labels are compared byte for byte (COLLATE "C"), not by Swift's canonical equivalence: `é` and
/// `e` + U+0301 are two labels.
struct LabelKey: Hashable, Sendable {
    var type: LabelType
    var label: String
    init(_ row: SampleRow) { type = row.labelType; label = row.label }
    init(type: LabelType, label: String) { self.type = type; self.label = label }
    static func == (a: LabelKey, b: LabelKey) -> Bool { a.type == b.type && a.label.utf8.elementsEqual(b.label.utf8) }
    func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        for byte in label.utf8 { hasher.combine(byte) }
    }
}

extension ProjectionSet {
    /// Live rows whose label type and label `filter` selects.
    func liveCount(matching filter: DiffFilter) -> Int {
        if filter.isEmpty { return liveCount }
        let types = filter.labelType.map { [$0] } ?? LabelType.allCases
        return types.reduce(0) { sum, type in
            sum + (filter.label.map { count(label: $0, type: type) } ?? labelCounts.count(type: type))
        }
    }

    /// Live rows with `label` (byte for byte) and `type`.
    func count(label: String, type: LabelType) -> Int {
        guard let id = table.labels.id(of: label) else { return 0 }
        return labelCounts.count(label: id, type: type)
    }
}

extension SampleRow {
    /// The table's columns, in order.
    public static let columnNames = ["id", "created_at", "image_url", "image_path", "label", "label_type",
                                     "nyckel_function_id", "nyckel_sample_id", "nyckel_status", "source_scan_id",
                                     "region_name", "crop_data", "image_width", "image_height", "file_size_bytes"]

    /// The names of the columns whose values differ from `other`'s, in table order.
    func changedColumns(to o: SampleRow) -> [String] {
        func eq(_ a: String?, _ b: String?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case (let x?, let y?): x.utf8.elementsEqual(y.utf8)
            default: false
            }
        }
        let same: [Bool] = [id == o.id, createdAt == o.createdAt, eq(imageURL, o.imageURL), eq(imagePath, o.imagePath),
                            eq(label, o.label), labelType == o.labelType,
                            eq(nyckelFunctionID, o.nyckelFunctionID), eq(nyckelSampleID, o.nyckelSampleID),
                            status == o.status, eq(sourceScanID, o.sourceScanID), eq(regionName, o.regionName),
                            cropData == o.cropData, imageWidth == o.imageWidth, imageHeight == o.imageHeight,
                            fileSizeBytes == o.fileSizeBytes]
        return zip(SampleRow.columnNames, same).filter { !$0.1 }.map(\.0)
    }
}
