import EventLog
import SampleDomain

extension ProjectionSet {
    /// The version of the fold and of the checkpointed state's layout. Bump it whenever `apply`,
    /// `SampleTable`'s rows or any aggregate changes meaning: checkpoints written under another
    /// version are ignored (and replaced), never trusted.
    public static let foldVersion: UInt32 = 1

    /// The state as checkpoint body bytes, or nil when it cannot be checkpointed (some rows keep
    /// their wide columns in memory because they were folded without a location).
    ///
    /// Holds the interned labels and function ids, the segment list, and every live row (52
    /// bytes each). The aggregates are not stored: they are functions of the live rows and
    /// `restore` recomputes them.
    /// - Complexity: O(live rows + distinct strings).
    func checkpointBody() -> [UInt8]? {
        guard table.isFullyLocated else { return nil }
        var w = ByteWriter()
        w.u32(UInt32(table.labels.count))
        for text in table.labels.strings { w.string(text) }
        w.u32(UInt32(table.functions.count))
        for text in table.functions.strings { w.string(text) }
        w.u32(UInt32(table.segments.count))
        for firstSeq in table.segments { w.u64(firstSeq) }
        w.u64(UInt64(table.liveCount))
        for row in table.rows where row.live {
            w.u64(row.id.high)
            w.u64(row.id.low)
            w.i64(row.createdAt)
            w.u64(row.submitAt)
            w.u64(row.nyckelAt)
            w.i32(row.labelID)
            w.i32(row.functionID)
            w.u8(UInt8(row.labelType.ordinal))
            w.u8(UInt8(row.status.ordinal))
            w.u8(row.hasScan ? 1 : 0)
            w.u8(row.hasCrop ? 1 : 0)
        }
        return w.bytes
    }

    /// A set restored from `checkpointBody()` bytes, as of `seq`; rows read their wide columns
    /// back through `rowSource`.
    /// - Throws: when the body is short or holds a value out of range (a checksum collision or a
    ///   bug: the caller ignores the checkpoint).
    static func restore(body: [UInt8], seq: UInt64, rowSource: RecordFetcher) throws -> ProjectionSet {
        struct Invalid: Error, CustomStringConvertible { var description: String }
        var r = ByteReader(body)
        var set = ProjectionSet()
        set.rowSource = rowSource
        let labels = try (0..<Int(try r.u32())).map { _ in try r.string() }
        let functions = try (0..<Int(try r.u32())).map { _ in try r.string() }
        let segments = try (0..<Int(try r.u32())).map { _ in try r.u64() }
        set.table.restoreTables(labels: labels, functions: functions, segments: segments)
        let types = LabelType.allCases, statuses = NyckelStatus.allCases
        let count = try r.u64()
        guard count <= UInt64(body.count / 52) else { throw Invalid(description: "checkpoint row count \(count) is larger than its body") }
        set.table.reserveCapacity(Int(count))
        for _ in 0..<count {
            let id = SampleID(high: try r.u64(), low: try r.u64())
            let createdAt = try r.i64(), submitAt = try r.u64(), nyckelAt = try r.u64()
            let labelID = try r.i32(), functionID = try r.i32()
            let type = Int(try r.u8()), status = Int(try r.u8())
            let hasScan = try r.u8() == 1, hasCrop = try r.u8() == 1
            guard labelID >= 0, labelID < labels.count, functionID >= -1, functionID < functions.count,
                  type < types.count, status < statuses.count, submitAt >> 40 >= 1, submitAt >> 40 <= segments.count,
                  nyckelAt >> 40 <= segments.count else {
                throw Invalid(description: "checkpoint row \(id) is out of range")
            }
            let slot = set.table.restoreRow(SampleTable.StoredRow(
                id: id, createdAt: createdAt, submitAt: submitAt, nyckelAt: nyckelAt, labelID: labelID,
                functionID: functionID, labelType: types[type], status: statuses[status], hasScan: hasScan,
                hasCrop: hasCrop, live: true))
            guard set.table.liveCount == Int(slot) + 1 else { throw Invalid(description: "checkpoint holds sample \(id) twice") }
            let change = RowChange(before: nil, after: set.table.facts(slot))
            set.labelCounts.apply(change)
            set.statuses.apply(change)
            set.daily.apply(change)
        }
        guard r.atEnd else { throw Invalid(description: "checkpoint body has bytes after its rows") }
        set.skip(seq: seq)
        return set
    }
}
