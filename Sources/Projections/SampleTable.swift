import EventLog
import SampleDomain

/// The live rows of `training_samples`, compactly: an id → slot dictionary into an array of rows.
///
/// Labels, Nyckel function ids and region names are interned (4 bytes per row instead of a
/// string); the rarely-set crop and size columns live in a side array. A deleted row's slot is
/// cleared and reused by a later insert, so memory follows the live row count.
///
/// The fold is total: an event the table cannot apply (an update or delete of a sample that is
/// not live, a second submit of a live id) changes nothing, just as the SQL statement it stands
/// for would change no row. SampleDomain refuses such events before they reach the log.
struct SampleTable: Sendable {
    struct StoredRow: Sendable {
        var id: SampleID
        var createdAt: Int64
        var imageURL: String
        var imagePath: String
        var nyckelSampleID: String?
        var sourceScanID: String?
        var labelID: Int32
        /// Interned `nyckel_function_id`, or -1 for NULL.
        var functionID: Int32
        /// Interned `region_name`, or -1 for NULL.
        var regionID: Int32
        /// Index into `extras`, or -1 when crop and sizes are all NULL.
        var extrasIndex: Int32
        var labelType: LabelType
        var status: NyckelStatus
        var live: Bool

        var facts: (labelID: Int32, labelType: LabelType, status: NyckelStatus, day: Int64) {
            (labelID, labelType, status, Timestamp(microseconds: createdAt).utcDay)
        }
    }

    /// The rarely-present columns, stored apart so that most rows do not pay for them.
    struct Extras: Sendable {
        var cropData: CropData?
        var imageWidth: Int64?
        var imageHeight: Int64?
        var fileSizeBytes: Int64?
    }

    private(set) var rows: [StoredRow] = []
    private var index: [SampleID: Int32] = [:]
    private var freeSlots: [Int32] = []
    private var extras: [Extras] = []
    private var freeExtras: [Int32] = []
    private(set) var labels = StringInterner()
    private var functions = StringInterner()
    private var regions = StringInterner()

    var liveCount: Int { index.count }

    func slot(of id: SampleID) -> Int32? { index[id] }

    func facts(_ slot: Int32) -> RowFacts {
        let f = rows[Int(slot)].facts
        return RowFacts(slot: slot, labelID: f.labelID, labelType: f.labelType, status: f.status, day: f.day)
    }

    /// Applies one event; returns the row change, or nil when the event changes nothing.
    /// - Complexity: O(1) amortised, plus the length of any label or name to intern.
    mutating func apply(_ event: SampleEvent) -> RowChange? {
        if case .submitted(let s) = event.body {
            guard index[event.sampleID] == nil else { return nil }
            let slot = insert(event.sampleID, event.occurredAt, s)
            return RowChange(before: nil, after: facts(slot))
        }
        guard let slot = index[event.sampleID] else { return nil }
        let before = facts(slot)
        let i = Int(slot)
        switch event.body {
        case .submitted:
            return nil
        case .responded(let r):
            rows[i].status = r.status.nyckelStatus
            if let nyckelID = r.nyckelSampleID { rows[i].nyckelSampleID = nyckelID }
        case .resubmitted(let r):
            rows[i].status = .submitted
            if let function = r.nyckelFunctionID { rows[i].functionID = functions.intern(function) }
        case .relabeled(let r):
            rows[i].labelID = labels.intern(r.label)
            if let type = r.labelType { rows[i].labelType = type }
        case .deleted:
            remove(event.sampleID, slot)
            return RowChange(before: before, after: nil)
        }
        return RowChange(before: before, after: facts(slot))
    }

    private mutating func insert(_ id: SampleID, _ createdAt: Timestamp, _ s: SampleSubmitted) -> Int32 {
        var extrasIndex: Int32 = -1
        if s.cropData != nil || s.imageWidth != nil || s.imageHeight != nil || s.fileSizeBytes != nil {
            let e = Extras(cropData: s.cropData, imageWidth: s.imageWidth, imageHeight: s.imageHeight,
                           fileSizeBytes: s.fileSizeBytes)
            if let free = freeExtras.popLast() {
                extras[Int(free)] = e
                extrasIndex = free
            } else {
                extrasIndex = Int32(extras.count)
                extras.append(e)
            }
        }
        let row = StoredRow(
            id: id, createdAt: createdAt.microseconds, imageURL: s.imageURL, imagePath: s.imagePath,
            nyckelSampleID: nil, sourceScanID: s.sourceScanID, labelID: labels.intern(s.label),
            functionID: s.nyckelFunctionID.map { functions.intern($0) } ?? -1,
            regionID: s.regionName.map { regions.intern($0) } ?? -1,
            extrasIndex: extrasIndex, labelType: s.labelType, status: .submitted, live: true)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            rows[Int(slot)] = row
        } else {
            slot = Int32(rows.count)
            rows.append(row)
        }
        index[id] = slot
        return slot
    }

    private mutating func remove(_ id: SampleID, _ slot: Int32) {
        index[id] = nil
        let i = Int(slot)
        if rows[i].extrasIndex >= 0 {
            extras[Int(rows[i].extrasIndex)] = Extras()
            freeExtras.append(rows[i].extrasIndex)
        }
        // Release the strings now; the slot waits for the next insert.
        rows[i].imageURL = ""
        rows[i].imagePath = ""
        rows[i].nyckelSampleID = nil
        rows[i].sourceScanID = nil
        rows[i].extrasIndex = -1
        rows[i].live = false
        freeSlots.append(slot)
    }

    /// The full row in a slot.
    func row(at slot: Int32) -> SampleRow {
        let r = rows[Int(slot)]
        let e = r.extrasIndex >= 0 ? extras[Int(r.extrasIndex)] : Extras()
        return SampleRow(
            id: r.id, createdAt: Timestamp(microseconds: r.createdAt), imageURL: r.imageURL,
            imagePath: r.imagePath, label: labels[r.labelID], labelType: r.labelType,
            nyckelFunctionID: r.functionID >= 0 ? functions[r.functionID] : nil,
            nyckelSampleID: r.nyckelSampleID, status: r.status, sourceScanID: r.sourceScanID,
            regionName: r.regionID >= 0 ? regions[r.regionID] : nil, cropData: e.cropData,
            imageWidth: e.imageWidth, imageHeight: e.imageHeight, fileSizeBytes: e.fileSizeBytes)
    }

    func regionName(at slot: Int32) -> String? {
        let id = rows[Int(slot)].regionID
        return id >= 0 ? regions[id] : nil
    }

    func cropData(at slot: Int32) -> CropData? {
        let e = rows[Int(slot)].extrasIndex
        return e >= 0 ? extras[Int(e)].cropData : nil
    }
}
