import EventLog
import SampleDomain

/// The live rows of `training_samples`, compactly: an id → slot hash table (`IDIndex`) into an array of
/// fixed-size rows that hold only what the queries count, filter and sort by.
///
/// A row keeps its id, `created_at`, interned label and function id, label type, status, whether
/// it has a scan id and a crop, and the *locations* in the log of its `sample.submitted` record
/// and of the latest `nyckel.responded` that set `nyckel_sample_id`. The wide columns
/// (`image_url`, `image_path`, `source_scan_id`, `region_name`, `crop_data`, sizes,
/// `nyckel_sample_id`) are read back from those records only for the rows a query prints
/// (`SampleTable+Columns.swift`). Events folded without a location (`ProjectionSet.apply(_:seq:)`,
/// as tests and in-memory folds do) keep their wide columns in side tables instead.
///
/// The row also keeps the three recorded sizes (`image_width`, `image_height`,
/// `file_size_bytes`), so that `images check`'s mismatches are known from memory.
///
/// A deleted row's slot is cleared and reused by a later insert, so memory follows the live row
/// count: about 80 bytes a row, plus ~8 bytes a row of id table (`IDIndex`).
///
/// The fold is total: an event the table cannot apply (an update or delete of a sample that is
/// not live, a second submit of a live id) changes nothing, just as the SQL statement it stands
/// for would change no row. SampleDomain refuses such events before they reach the log.
struct SampleTable: Sendable {
    struct StoredRow: Sendable {
        var id: SampleID
        var createdAt: Int64
        /// Packed location of the row's `sample.submitted` record (`Locator`); 0 when kept inline.
        var submitAt: UInt64
        /// Packed location of the latest `nyckel.responded` that set `nyckel_sample_id`; 0 when
        /// none did, or when it was kept inline.
        var nyckelAt: UInt64
        /// `image_width`, `image_height`, `file_size_bytes`; -1 for NULL. Kept (24 bytes) so that
        /// a recorded size can be compared with the stored image's (`ImageDigest.mismatched`)
        /// without reading the row back from the log.
        var imageWidth: Int64 = -1
        var imageHeight: Int64 = -1
        var fileSizeBytes: Int64 = -1
        var labelID: Int32
        /// Interned `nyckel_function_id`, or -1 for NULL.
        var functionID: Int32
        var labelType: LabelType
        var status: NyckelStatus
        /// `source_scan_id IS NOT NULL`.
        var hasScan: Bool
        /// `crop_data IS NOT NULL`.
        var hasCrop: Bool
        var live: Bool

        var facts: (labelID: Int32, labelType: LabelType, status: NyckelStatus, day: Int64) {
            (labelID, labelType, status, Timestamp(microseconds: createdAt).utcDay)
        }
    }

    private(set) var rows = RowStore()
    private(set) var index = IDIndex()
    private(set) var freeSlots: [Int32] = []
    private(set) var labels = StringInterner()
    private(set) var functions = StringInterner()
    /// Segment first seqs seen so far; a packed location names a segment by its place here.
    private(set) var segments: [UInt64] = []
    /// Wide columns of rows whose submit came without a location, by slot.
    private(set) var inlineSubmits: [Int32: SampleSubmitted] = [:]
    /// `nyckel_sample_id` of rows whose latest setting came without a location, by slot.
    private(set) var inlineNyckelIDs: [Int32: String] = [:]
    /// The `sample.updated` events that changed a row's wide columns, in log order, by slot:
    /// reading the row back applies them to its submission's columns.
    private(set) var updates: [Int32: [RowUpdate]] = [:]
    /// Reads located records back; set when the table was folded from a log.
    var fetcher: RecordFetcher?

    var liveCount: Int { index.count }

    func slot(of id: SampleID) -> Int32? { index.find(id, in: rows) }

    /// What the last `warm` read; kept only so that its reads stay.
    private(set) var warmth: UInt64 = 0

    /// Brings the id table's buckets and rows for `ids` into the cache ahead of applying their
    /// events (`IDIndex.warm`).
    mutating func warm(_ ids: some Sequence<SampleID>) {
        warmth = index.warm(ids, in: rows)
    }

    /// The recorded sizes of the live row for `id` (-1 for NULL), or nil when it is not live.
    func sizes(of id: SampleID) -> (width: Int64, height: Int64, bytes: Int64)? {
        guard let slot = slot(of: id) else { return nil }
        let row = rows[Int(slot)]
        return (row.imageWidth, row.imageHeight, row.fileSizeBytes)
    }

    func facts(_ slot: Int32) -> RowFacts {
        let f = rows[Int(slot)].facts
        return RowFacts(slot: slot, labelID: f.labelID, labelType: f.labelType, status: f.status, day: f.day)
    }

    /// Applies one event, stored at `location` (nil: not from a log, keep its columns inline);
    /// returns the row change, or nil when the event changes nothing.
    /// - Complexity: O(1) amortised, plus the length of any label or name to intern.
    mutating func apply(_ event: SampleEvent, at location: RecordLocation?) -> RowChange? {
        var text: [UInt8] = []
        let facts = EventFacts(event, text: &text)
        return text.withUnsafeBufferPointer { apply(facts, text: $0, at: location, inline: location == nil ? event : nil) }
    }

    /// Applies the facts of one event stored at `location`, their texts in `text`: the same
    /// change as applying the whole event, for a fold of the log that reads wide columns back
    /// from it.
    mutating func apply(_ facts: EventFacts, text: UnsafeBufferPointer<UInt8>, at location: RecordLocation) -> RowChange? {
        apply(facts, text: text, at: location, inline: nil)
    }

    /// The one fold: `inline` is the whole event when it came without a location.
    private mutating func apply(_ facts: EventFacts, text: UnsafeBufferPointer<UInt8>, at location: RecordLocation?,
                                inline: SampleEvent?) -> RowChange? {
        if facts.type == .sampleSubmitted {
            guard slot(of: facts.sampleID) == nil else { return nil }
            let slot = insert(facts, text: text, at: location)
            if case .submitted(let s)? = inline?.body { inlineSubmits[slot] = s }
            return RowChange(before: nil, after: self.facts(slot))
        }
        guard let slot = slot(of: facts.sampleID) else { return nil }
        let before = self.facts(slot)
        let i = Int(slot)
        switch facts.type {
        case .sampleSubmitted:
            return nil
        case .nyckelResponded:
            if let status = facts.status { rows[i].status = status.nyckelStatus }
            if facts.setsNyckelSampleID {
                if let location {
                    rows[i].nyckelAt = pack(location)
                    inlineNyckelIDs[slot] = nil
                } else if case .responded(let r)? = inline?.body {
                    rows[i].nyckelAt = 0
                    inlineNyckelIDs[slot] = r.nyckelSampleID
                }
            }
        case .nyckelResubmitted:
            rows[i].status = .submitted
            if let function = facts.functionID { rows[i].functionID = functions.intern(function.bytes(in: text)) }
        case .sampleUpdated:
            applyUpdate(facts, text: text, slot: slot, at: location, inline: inline)
        case .sampleRelabeled:
            rows[i].labelID = labels.intern(facts.label.bytes(in: text))
            if let type = facts.labelType { rows[i].labelType = type }
        case .sampleDeleted:
            remove(facts.sampleID, slot)
            return RowChange(before: before, after: nil)
        case .imageFetched, .imageFetchFailed:
            return nil  // image facts: the table does not change (see ImageLedger)
        }
        return RowChange(before: before, after: self.facts(slot))
    }

    /// A `sample.updated`: the Nyckel function id and the two NULL flags in the row; the
    /// Nyckel sample id's latest setter (`nyckelAt`, as a response sets it); the event itself,
    /// when it changes a wide column, in the row's update list.
    private mutating func applyUpdate(_ facts: EventFacts, text: UnsafeBufferPointer<UInt8>, slot: Int32,
                                      at location: RecordLocation?, inline: SampleEvent?) {
        let i = Int(slot)
        if let function = facts.functionID {
            rows[i].functionID = functions.intern(function.bytes(in: text))
        } else if facts.clears.contains(.nyckelFunctionID) {
            rows[i].functionID = -1
        }
        if facts.sets.contains(.imageWidth) { rows[i].imageWidth = facts.sizes.imageWidth }
        if facts.clears.contains(.imageWidth) { rows[i].imageWidth = -1 }
        if facts.sets.contains(.imageHeight) { rows[i].imageHeight = facts.sizes.imageHeight }
        if facts.clears.contains(.imageHeight) { rows[i].imageHeight = -1 }
        if facts.sets.contains(.fileSizeBytes) { rows[i].fileSizeBytes = facts.sizes.fileSizeBytes }
        if facts.clears.contains(.fileSizeBytes) { rows[i].fileSizeBytes = -1 }
        if facts.sets.contains(.sourceScanID) { rows[i].hasScan = true }
        if facts.clears.contains(.sourceScanID) { rows[i].hasScan = false }
        if facts.sets.contains(.cropData) { rows[i].hasCrop = true }
        if facts.clears.contains(.cropData) { rows[i].hasCrop = false }
        var update: SampleUpdated?
        if case .updated(let u)? = inline?.body { update = u }
        if facts.sets.union(facts.clears).contains(.nyckelSampleID) {
            if let location {
                rows[i].nyckelAt = pack(location)
                inlineNyckelIDs[slot] = nil
            } else if let update {
                rows[i].nyckelAt = 0
                inlineNyckelIDs[slot] = update.nyckelSampleID
            }
        }
        guard !facts.sets.union(facts.clears).isDisjoint(with: .wide) else { return }
        if let location {
            updates[slot, default: []].append(.located(pack(location)))
        } else if let update {
            updates[slot, default: []].append(.inline(update))
        }
    }

    private mutating func insert(_ facts: EventFacts, text: UnsafeBufferPointer<UInt8>, at location: RecordLocation?) -> Int32 {
        let slot = freeSlots.popLast() ?? Int32(rows.count)
        let row = StoredRow(
            id: facts.sampleID, createdAt: facts.occurredAt.microseconds, submitAt: location.map { pack($0) } ?? 0,
            nyckelAt: 0, imageWidth: facts.sizes.imageWidth, imageHeight: facts.sizes.imageHeight,
            fileSizeBytes: facts.sizes.fileSizeBytes, labelID: labels.intern(facts.label.bytes(in: text)),
            functionID: facts.functionID.map { functions.intern($0.bytes(in: text)) } ?? -1,
            labelType: facts.labelType ?? .defect, status: .submitted, hasScan: facts.hasScan, hasCrop: facts.hasCrop,
            live: true)
        if Int(slot) == rows.count { rows.append(row) } else { rows[Int(slot)] = row }
        index.insert(facts.sampleID, slot: slot, rows: rows)
        return slot
    }

    private mutating func remove(_ id: SampleID, _ slot: Int32) {
        index.remove(id, rows: rows)
        rows[Int(slot)].live = false
        inlineSubmits[slot] = nil
        inlineNyckelIDs[slot] = nil
        updates[slot] = nil
        freeSlots.append(slot)
    }

    /// A location packed into 8 bytes: (segment's place in `segments` + 1) << 40 | byte offset.
    /// Segments arrive in order during a fold, so finding the place is a look at the last one.
    private mutating func pack(_ location: RecordLocation) -> UInt64 {
        if segments.last != location.segmentFirstSeq {
            if let known = segments.lastIndex(of: location.segmentFirstSeq) {
                return UInt64(known + 1) << 40 | UInt64(location.byteOffset)
            }
            segments.append(location.segmentFirstSeq)
        }
        precondition(location.byteOffset < 1 << 40 && segments.count < 1 << 24, "log too large to locate rows in")
        return UInt64(segments.count) << 40 | UInt64(location.byteOffset)
    }

    /// Makes room for `rows` rows up front, so that growing to them never holds an old and a new
    /// copy of the row array and id dictionary at once (the peak of a rebuild).
    mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
        index.reserveCapacity(count, rows: rows)
    }

    /// Puts back a checkpoint's update lists (`updates`, packed locations by slot).
    mutating func restore(updates stored: [Int32: [UInt64]]) {
        updates = stored.mapValues { $0.map { .located($0) } }
    }

    /// Puts back a checkpoint's table: every row slot (live or free), the id table, the free
    /// slots, and the interned strings and segment list in id order. Call on an empty table.
    mutating func restore(rows storedRows: RowStore, index storedIndex: IDIndex, freeSlots storedFree: [Int32],
                          labels labelTexts: [String], functions functionTexts: [String], segments firstSeqs: [UInt64]) {
        for text in labelTexts { _ = labels.intern(text) }
        for text in functionTexts { _ = functions.intern(text) }
        segments = firstSeqs
        rows = storedRows
        index = storedIndex
        freeSlots = storedFree
    }

    /// Whether every row's wide columns are in the log (nothing inline): only then can the table
    /// be checkpointed, since a checkpoint holds locations, not the columns.
    var isFullyLocated: Bool {
        inlineSubmits.isEmpty && inlineNyckelIDs.isEmpty
            && updates.values.allSatisfy { $0.allSatisfy { if case .located = $0 { true } else { false } } }
    }

    func unpack(_ packed: UInt64) -> RecordLocation {
        RecordLocation(segmentFirstSeq: segments[Int(packed >> 40) - 1], byteOffset: Int(packed & (1 << 40 - 1)))
    }
}

/// One `sample.updated` of a row's wide columns: where it is in the log, or (folded without a
/// location) the event itself.
enum RowUpdate: Sendable {
    case located(UInt64)
    case inline(SampleUpdated)
}
