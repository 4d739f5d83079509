import EventLog
import SampleDomain

extension ProjectionSet {
    /// The version of the fold and of the checkpointed state's layout. Bump it whenever `apply`,
    /// `SampleTable`'s rows or any aggregate changes meaning: checkpoints written under another
    /// version are ignored (and replaced), never trusted.
    ///
    /// 2: the id table is an open-addressing `IDIndex`, and checkpoints store every row slot,
    /// the id table and the aggregates as they are, so loading one recomputes nothing.
    public static let foldVersion: UInt32 = 2

    /// Bytes a row takes in a checkpoint body.
    static let storedRowSize = 52

    /// The state as checkpoint body bytes, or nil when it cannot be checkpointed (some rows keep
    /// their wide columns in memory because they were folded without a location).
    ///
    /// Sections, in order: the interned labels and function ids; the segment list; every row slot
    /// (live or free, 52 bytes each, so the slot numbers the aggregates hold stay right); the id
    /// table's buckets and the free slots; the status lists and positions; the label counters;
    /// the daily counts. Loading copies each section back in bulk (`restore`).
    /// - Complexity: O(row slots + id table buckets + distinct strings, days and (day, label) pairs).
    func checkpointBody() -> [UInt8]? {
        guard table.isFullyLocated else { return nil }
        var w = ByteWriter(capacity: table.rows.count * (Self.storedRowSize + 16) + table.index.buckets.count * 4 + 65_536)
        w.u32(UInt32(table.labels.count))
        for text in table.labels.strings { w.string(text) }
        w.u32(UInt32(table.functions.count))
        for text in table.functions.strings { w.string(text) }
        w.array(table.segments)
        w.u64(UInt64(table.rows.count))
        for row in table.rows {
            w.u64(row.id.high)
            w.u64(row.id.low)
            w.i64(row.createdAt)
            w.u64(row.submitAt)
            w.u64(row.nyckelAt)
            w.i32(row.labelID)
            w.i32(row.functionID)
            w.u8(UInt8(row.labelType.ordinal))
            w.u8(UInt8(row.status.ordinal))
            w.u8((row.hasScan ? 1 : 0) | (row.hasCrop ? 2 : 0) | (row.live ? 4 : 0))
            w.u8(0)
        }
        w.u64(UInt64(table.index.count))
        w.array(table.index.buckets)
        w.array(table.freeSlots)
        for members in statuses.members { w.array(members) }
        w.array(statuses.position)
        w.array(labelCounts.byLabelAndType)
        w.array(labelCounts.byLabel)
        w.array(labelCounts.byType)
        w.i64(Int64(labelCounts.distinctLabels))
        w.i64(Int64(labelCounts.total))
        w.u64(UInt64(daily.days.count))
        for (day, tally) in daily.days.sorted(by: { $0.key < $1.key }) {
            w.i64(day)
            w.i64(Int64(tally.samples))
            w.i64(Int64(tally.distinctLabels))
        }
        let pairs = daily.dayLabelCounts
        w.u64(UInt64(pairs.count))
        for pair in pairs {
            w.i64(pair.day)
            w.i32(pair.label)
            w.i64(Int64(pair.count))
        }
        return w.bytes
    }

    /// A set restored from checkpoint body bytes (`checkpointBody()`), starting at `offset` in
    /// `bytes`, as of `seq`; rows read their wide columns back through `rowSource`.
    /// - Throws: when the body is short or holds a value out of range (a checksum collision or a
    ///   bug: the caller ignores the checkpoint).
    /// - Complexity: O(body bytes), each section copied in bulk; no row is re-folded.
    static func restore(body bytes: [UInt8], offset: Int = 0, seq: UInt64, rowSource: RecordFetcher) throws -> ProjectionSet {
        var r = ByteReader(bytes, offset: offset)
        let labels = try (0..<Int(try r.u32())).map { _ in try r.string() }
        let functions = try (0..<Int(try r.u32())).map { _ in try r.string() }
        let segments = try r.array(UInt64.self)
        let rowCount = try r.u64()
        guard rowCount <= UInt64(bytes.count / storedRowSize) else { throw Invalid("row count \(rowCount) is larger than the body") }
        let rowsAt = try r.skip(Int(rowCount) * storedRowSize)
        let headroom = Self.headroom(Int(rowCount))
        let (rows, live) = try restoreRows(bytes, at: rowsAt, count: Int(rowCount), labels: labels.count,
                                           functions: functions.count, segments: segments.count, headroom: headroom)
        let indexCount = try r.u64()
        let buckets = try r.array(Int32.self)
        guard indexCount == UInt64(live), buckets.count & (buckets.count - 1) == 0, live * 4 <= buckets.count * 3 || live == 0 else {
            throw Invalid("id table does not fit the rows")
        }
        var used = 0
        for slot in buckets where slot >= 0 {
            guard Int(slot) < rows.count, rows[Int(slot)].live else { throw Invalid("id table names a free slot") }
            used += 1
        }
        let freeSlots = try r.array(Int32.self)
        guard used == live, freeSlots.count == rows.count - live, freeSlots.allSatisfy({ $0 >= 0 && Int($0) < rows.count }) else {
            throw Invalid("id table or free slots do not match the rows")
        }
        let members = try (0..<4).map { _ in try r.array(Int32.self, headroom: headroom) }
        let position = try r.array(Int32.self, headroom: headroom)
        guard position.count == rows.count, members.map(\.count).reduce(0, +) == live,
              members.allSatisfy({ $0.allSatisfy { $0 >= 0 && Int($0) < rows.count } }) else {
            throw Invalid("status lists do not match the rows")
        }
        let byLabelAndType = try r.array(Int.self), byLabel = try r.array(Int.self), byType = try r.array(Int.self)
        let distinctLabels = Int(try r.i64()), total = Int(try r.i64())
        guard byLabel.count <= labels.count, byLabelAndType.count == byLabel.count * 3, byType.count == 3, total == live else {
            throw Invalid("label counts do not match the labels")
        }
        var days: [Int64: DailyCounts.Tally] = [:]
        let dayCount = try r.u64()
        guard dayCount <= UInt64(bytes.count / 24) else { throw Invalid("day count \(dayCount) is larger than the body") }
        days.reserveCapacity(Int(dayCount))
        for _ in 0..<dayCount {
            days[try r.i64()] = DailyCounts.Tally(samples: Int(try r.i64()), distinctLabels: Int(try r.i64()))
        }
        let pairCount = try r.u64()
        guard pairCount <= UInt64(bytes.count / 20) else { throw Invalid("pair count \(pairCount) is larger than the body") }
        let pairs = try (0..<Int(pairCount)).map { _ in (day: try r.i64(), label: try r.i32(), count: Int(try r.i64())) }
        guard r.atEnd else { throw Invalid("body has bytes after its last section") }

        var set = ProjectionSet()
        set.rowSource = rowSource
        set.table.restore(rows: rows, index: IDIndex(buckets: buckets, count: live), freeSlots: freeSlots,
                          labels: labels, functions: functions, segments: segments)
        set.statuses = StatusIndex(members: members, position: position)
        set.labelCounts = LabelCounts(byLabelAndType: byLabelAndType, byLabel: byLabel, byType: byType,
                                      distinctLabels: distinctLabels, total: total)
        set.daily = DailyCounts(days: days, dayLabelCounts: pairs)
        set.skip(seq: seq)
        return set
    }

    /// Spare capacity given to the row-sized arrays of a restored set: the tail folded after a
    /// checkpoint appends to them, and an array loaded exactly full would be copied whole (56 MB
    /// for a million rows) on the first new sample.
    static func headroom(_ rows: Int) -> Int { max(4096, rows / 32) }

    /// Decodes `count` stored rows at `offset`, checking each value's range; returns them and
    /// how many are live.
    private static func restoreRows(_ bytes: [UInt8], at offset: Int, count: Int, labels: Int, functions: Int,
                                    segments: Int, headroom: Int) throws -> ([SampleTable.StoredRow], Int) {
        let types = LabelType.allCases, statuses = NyckelStatus.allCases
        var rows: [SampleTable.StoredRow] = []
        rows.reserveCapacity(count + headroom)
        var live = 0
        try bytes.withUnsafeBytes { raw in
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            func i32(_ at: Int) -> Int32 { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)) }
            var o = offset
            for _ in 0..<count {
                let submitAt = u64(o + 24), nyckelAt = u64(o + 32)
                let labelID = i32(o + 40), functionID = i32(o + 44)
                let type = Int(raw[o + 48]), status = Int(raw[o + 49]), flags = raw[o + 50]
                guard labelID >= 0, labelID < labels, functionID >= -1, functionID < functions,
                      type < types.count, status < statuses.count, flags < 8,
                      submitAt >> 40 >= 1, submitAt >> 40 <= segments, nyckelAt >> 40 <= segments else {
                    throw Invalid("row \(rows.count) is out of range")
                }
                if flags & 4 != 0 { live += 1 }
                rows.append(SampleTable.StoredRow(
                    id: SampleID(high: u64(o), low: u64(o + 8)), createdAt: Int64(bitPattern: u64(o + 16)),
                    submitAt: submitAt, nyckelAt: nyckelAt, labelID: labelID, functionID: functionID,
                    labelType: types[type], status: statuses[status], hasScan: flags & 1 != 0,
                    hasCrop: flags & 2 != 0, live: flags & 4 != 0))
                o += storedRowSize
            }
        }
        return (rows, live)
    }
}

/// Why a checkpoint body cannot be restored.
private struct Invalid: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = "checkpoint " + message }
}
