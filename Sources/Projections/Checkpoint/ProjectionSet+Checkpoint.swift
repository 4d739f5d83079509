import EventLog
import SampleDomain

extension ProjectionSet {
    /// The version of the fold and of the checkpointed state's layout. Bump it whenever `apply`,
    /// `SampleTable`'s rows, any aggregate or a stored enum (`LabelType`, `NyckelStatus`: their
    /// cases, order, raw values) changes meaning: checkpoints written under another version are
    /// ignored (and replaced), never trusted. `CheckpointEnumPinTests` pins the stored enums per
    /// version; the format is in docs/events.md ("Checkpoints").
    ///
    /// 2: the id table is an open-addressing `IDIndex`, and checkpoints store every row slot,
    /// the id table and the aggregates as they are, so loading one recomputes nothing.
    /// 3: each id table bucket keeps a 4-bit hash tag above its slot.
    /// 4: `sample.updated`: rows keep the locations of the updates of their wide columns (a
    /// last section), and `nyckelAt` may name a `sample.updated` record.
    /// 5: the side state folded with the table — tags, each sample's last fetched image, the
    /// report's timeline — in three last sections.
    /// 6: rows keep their recorded sizes (`image_width`, `image_height`, `file_size_bytes`), and
    /// the image facts are kept whole and compact (each sample's last fetch: a digest number,
    /// format, width, height, bytes; the distinct SHA-256s as 32 bytes with their holders; the
    /// failures; the mismatches), so a server needs no scan of the log for them.
    public static let foldVersion: UInt32 = 6

    /// How `SampleTable.StoredRow` is laid out in memory in this build: size, stride, then each
    /// field's offset. Rows are stored in a checkpoint as they are in memory and copied back in
    /// bulk, so a checkpoint is used only by a build that lays rows out the same way.
    static let rowLayout: [UInt32] = {
        typealias Row = SampleTable.StoredRow
        let offsets: [Int?] = [
            MemoryLayout<Row>.offset(of: \.id), MemoryLayout<Row>.offset(of: \.createdAt),
            MemoryLayout<Row>.offset(of: \.submitAt), MemoryLayout<Row>.offset(of: \.nyckelAt),
            MemoryLayout<Row>.offset(of: \.labelID), MemoryLayout<Row>.offset(of: \.functionID),
            MemoryLayout<Row>.offset(of: \.labelType), MemoryLayout<Row>.offset(of: \.status),
            MemoryLayout<Row>.offset(of: \.hasScan), MemoryLayout<Row>.offset(of: \.hasCrop),
            MemoryLayout<Row>.offset(of: \.live), MemoryLayout<Row>.offset(of: \.imageWidth),
            MemoryLayout<Row>.offset(of: \.imageHeight), MemoryLayout<Row>.offset(of: \.fileSizeBytes)]
        return [MemoryLayout<Row>.size, MemoryLayout<Row>.stride, MemoryLayout<SampleID>.size,
                MemoryLayout<LabelType>.size, MemoryLayout<NyckelStatus>.size].map { UInt32($0) }
            + offsets.map { UInt32($0 ?? 0xFFFF_FFFF) }
    }()

    /// Rows start at a file offset that is a multiple of this (the page size of the machines
    /// tslog runs on), so that they can be mapped in place (`RowStore.mapping`).
    static let rowsAlignment = 4096

    /// Zero bytes written before the rows when the file is at `offset`.
    static func padding(at offset: Int) -> Int { (rowsAlignment - offset % rowsAlignment) % rowsAlignment }

    /// The state as checkpoint body bytes, or nil when it cannot be checkpointed (some rows keep
    /// their wide columns in memory because they were folded without a location).
    ///
    /// Sections, in order: the interned labels and function ids; the segment list; every row slot
    /// (live or free, as laid out in memory (`rowLayout`), so the slot numbers the aggregates hold stay right); the id
    /// table's buckets and the free slots; the status lists and positions; the label counters;
    /// the daily counts; the update lists. Loading copies each section back in bulk (`restore`).
    /// - Complexity: O(row slots + id table buckets + distinct strings, days and (day, label) pairs).
    func checkpointBody() -> [UInt8]? {
        guard table.isFullyLocated else { return nil }
        var w = ByteWriter(capacity: table.rows.count * (MemoryLayout<SampleTable.StoredRow>.stride + 16) + table.index.buckets.count * 4 + 65_536)
        w.u32(UInt32(table.labels.count))
        for text in table.labels.strings { w.string(text) }
        w.u32(UInt32(table.functions.count))
        for text in table.functions.strings { w.string(text) }
        w.array(table.segments)
        w.array(Self.rowLayout)
        w.u64(UInt64(table.rows.count))
        for _ in 0..<Self.padding(at: CheckpointStore.headerSize + w.bytes.count) { w.u8(0) }
        table.rows.withUnsafeBytes { w.raw($0) }
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
        w.u64(UInt64(table.updates.count))
        for (slot, list) in table.updates.sorted(by: { $0.key < $1.key }) {
            w.i32(slot)
            w.array(list.map { if case .located(let packed) = $0 { packed } else { preconditionFailure("an inline update") } })
        }
        writeSide(&w)
        return w.bytes
    }

    /// Sections 10–12 (fold version 5; the image facts' layout of version 6): the tags, the image
    /// facts, the timeline.
    private func writeSide(_ w: inout ByteWriter) {
        let tags = tagIndex.all
        w.u64(UInt64(tags.count))
        for tag in tags {
            w.string(tag.name.text)
            w.u64(tag.seq)
            w.u8(tag.note == nil ? 0 : 1)
            w.string(tag.note ?? "")
            w.i64(tag.recordedAt.microseconds)
            w.u64(tag.recordSeq)
            w.array(tag.previousSeqs)
        }
        // The first tag record that could not be read (every such failure is a `badRecord`).
        if case .badRecord(let seq, let message)? = tagFailure {
            w.u8(1)
            w.u64(seq)
            w.string(message)
        } else {
            w.u8(0)
        }
        writeImages(&w)
        w.i64(timeline.clockMicroseconds)
        w.u64(UInt64(timeline.points.count))
        for point in timeline.points {
            w.i64(point.day)
            for count in [point.samples, point.accepted, point.rejected, point.errors] { w.i64(Int64(count)) }
        }
    }

    /// Reads what `writeSide` wrote into `set`.
    private static func readSide(_ r: inout ByteReader, into set: inout ProjectionSet, seq: UInt64) throws {
        let tags = try readTags(&r, seq: seq)
        set.tagIndex = tags.index
        set.tagFailure = tags.failure
        try readImagesAndTimeline(&r, into: &set, seq: seq)
    }

    /// Reads the tags section (the first of `writeSide`'s).
    private static func readTags(_ r: inout ByteReader, seq: UInt64) throws -> CheckpointTags {
        var index = TagIndex()
        var failure: TagError?
        let tagCount = try r.u64()
        guard tagCount <= UInt64(r.remaining / 40) else { throw Invalid("tag count \(tagCount) is larger than the body") }
        for _ in 0..<tagCount {
            let name = try r.string()
            let tagSeq = try r.u64()
            let hasNote = try r.u8()
            let note = try r.string()
            let recordedAt = Timestamp(microseconds: try r.i64())
            let recordSeq = try r.u64()
            let previous = try r.array(UInt64.self)
            guard let tagName = try? TagName(stored: name), hasNote <= 1, recordSeq <= seq, index[tagName] == nil else {
                throw Invalid("a tag does not fit")
            }
            index.restore(LogTag(name: tagName, seq: tagSeq, note: hasNote == 1 ? note : nil, recordedAt: recordedAt,
                                 recordSeq: recordSeq, previousSeqs: previous))
        }
        switch try r.u8() {
        case 0: break
        case 1:
            let failedSeq = try r.u64()
            failure = .badRecord(seq: failedSeq, message: try r.string())
            guard failedSeq <= seq else { throw Invalid("a tag failure is after the checkpoint") }
        default: throw Invalid("a tag failure flag is out of range")
        }
        return CheckpointTags(seq: seq, index: index, failure: failure, anchor: nil)
    }

    /// Reads the image facts and timeline sections (after the tags).
    private static func readImagesAndTimeline(_ r: inout ByteReader, into set: inout ProjectionSet, seq: UInt64) throws {
        set.images = try readImages(&r, seq: seq)
        let clock = try r.i64()
        let pointCount = try r.u64()
        guard pointCount <= UInt64(r.remaining / 40) else { throw Invalid("point count \(pointCount) is larger than the body") }
        var points: [ReportTimeline.Point] = []
        points.reserveCapacity(Int(pointCount))
        for _ in 0..<pointCount {
            let day = try r.i64()
            let counts = try (0..<4).map { _ in Int(try r.i64()) }
            guard points.last.map({ $0.day < day }) ?? true else { throw Invalid("timeline days out of order") }
            points.append(ReportTimeline.Point(day: day, samples: counts[0], accepted: counts[1], rejected: counts[2], errors: counts[3]))
        }
        set.timeline = ReportTimeline(points: points, clock: clock)
    }

    /// A set restored from checkpoint body bytes (`checkpointBody()`), starting at `offset` in
    /// `bytes`, as of `seq`; rows read their wide columns back through `rowSource`.
    /// - Throws: when the body is short or holds a value out of range (a checksum collision or a
    ///   bug: the caller ignores the checkpoint).
    /// - Complexity: O(body bytes), each section copied in bulk; no row is re-folded.
    ///
    /// `mapRows(fileOffset, count, headroom)` may map the rows in place instead of copying them
    /// (`RowStore.mapping`); nil, or a nil result, copies.
    static func restore(body bytes: UnsafeRawBufferPointer, offset: Int = 0, seq: UInt64, rowSource: RecordFetcher,
                        mapRows: ((Int, Int, Int) -> RowStore?)? = nil) throws -> ProjectionSet {
        var r = ByteReader(bytes, offset: offset)
        let labels = try (0..<(try Self.stringCount(&r))).map { _ in try r.string() }
        let functions = try (0..<(try Self.stringCount(&r))).map { _ in try r.string() }
        let segments = try r.array(UInt64.self)
        guard try r.array(UInt32.self) == rowLayout else { throw Invalid("rows are laid out differently in this build") }
        let stride = MemoryLayout<SampleTable.StoredRow>.stride
        let rowCount = try r.u64()
        guard rowCount <= UInt64(bytes.count / stride) else { throw Invalid("row count \(rowCount) is larger than the body") }
        _ = try r.skip(padding(at: r.offset))
        let rowsAt = r.offset
        let live = try checkRows(UnsafeRawBufferPointer(rebasing: bytes[rowsAt...]), count: Int(rowCount),
                                 labels: labels.count, functions: functions.count, segments: segments.count)
        let headroom = Self.headroom(Int(rowCount))
        let rowsLength = Int(rowCount) * stride
        _ = try r.skip(rowsLength)
        let rows = mapRows?(rowsAt, Int(rowCount), headroom)
            ?? RowStore(copying: UnsafeRawBufferPointer(rebasing: bytes[rowsAt..<(rowsAt + rowsLength)]),
                        count: Int(rowCount), headroom: headroom)
        let indexCount = try r.u64()
        let buckets = try r.array(Int32.self)
        guard indexCount == UInt64(live), buckets.count & (buckets.count - 1) == 0, live * 4 <= buckets.count * 3 || live == 0 else {
            throw Invalid("id table does not fit the rows")
        }
        // Slots in range and as many as live rows (one sequential pass: whether each names a
        // live row is left to the body hash, since checking it would touch every row at random).
        var used = 0, outOfRange = false
        for entry in buckets {
            used += entry >= 0 ? 1 : 0
            outOfRange = outOfRange || entry < -1 || (entry >= 0 && Int(IDIndex.slot(ofBucket: entry)) >= rows.count)
        }
        guard !outOfRange else { throw Invalid("id table names a slot out of range") }
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
        let updatedCount = try r.u64()
        guard updatedCount <= UInt64(live) else { throw Invalid("update list count \(updatedCount) is more than the live rows") }
        var updates: [Int32: [UInt64]] = [:]
        for _ in 0..<updatedCount {
            let slot = try r.i32()
            let list = try r.array(UInt64.self)
            guard slot >= 0, Int(slot) < rows.count, rows[Int(slot)].live, !list.isEmpty, updates[slot] == nil,
                  list.allSatisfy({ $0 >> 40 != 0 && $0 >> 40 <= UInt64(segments.count) }) else {
                throw Invalid("an update list does not fit the rows")
            }
            updates[slot] = list
        }

        var set = ProjectionSet()
        try readSide(&r, into: &set, seq: seq)
        guard r.atEnd else { throw Invalid("body has bytes after its last section") }
        set.rowSource = rowSource
        set.table.restore(rows: rows, index: IDIndex(buckets: buckets, count: live), freeSlots: freeSlots,
                          labels: labels, functions: functions, segments: segments)
        set.table.restore(updates: updates)
        set.statuses = StatusIndex(members: members, position: position)
        set.labelCounts = LabelCounts(byLabelAndType: byLabelAndType, byLabel: byLabel, byType: byType,
                                      distinctLabels: distinctLabels, total: total)
        set.daily = DailyCounts(days: days, dayLabelCounts: pairs)
        set.skip(seq: seq)
        return set
    }

    /// The tags section of checkpoint body bytes, as of `seq`, reached by stepping over every
    /// section before it by its lengths (the rows, the id table and the aggregates are not read).
    /// - Throws: when a length runs past the body or the tags do not fit (the caller ignores
    ///   the checkpoint).
    static func restoreTags(body bytes: UnsafeRawBufferPointer, offset: Int, seq: UInt64,
                            anchor: RecordLocation) throws -> CheckpointTags {
        var r = ByteReader(bytes, offset: offset)
        for _ in 0..<2 {  // the labels, the function ids
            for _ in 0..<(try stringCount(&r)) { _ = try r.skip(Int(try r.u32())) }
        }
        try r.skipArray(UInt64.self)  // segments
        guard try r.array(UInt32.self) == rowLayout else { throw Invalid("rows are laid out differently in this build") }
        let rowCount = try r.u64()
        guard rowCount <= UInt64(bytes.count / MemoryLayout<SampleTable.StoredRow>.stride) else { throw Invalid("row count \(rowCount) is larger than the body") }
        _ = try r.skip(padding(at: r.offset))
        _ = try r.skip(Int(rowCount) * MemoryLayout<SampleTable.StoredRow>.stride)
        _ = try r.u64()  // the id table's count
        try r.skipArray(Int32.self)  // its buckets
        try r.skipArray(Int32.self)  // the free slots
        for _ in 0..<5 { try r.skipArray(Int32.self) }  // the four status lists, the positions
        for _ in 0..<3 { try r.skipArray(Int.self) }  // the label counters
        _ = try r.skip(16)  // distinct labels, total
        let dayCount = try r.u64()
        guard dayCount <= UInt64(r.remaining / 24) else { throw Invalid("day count \(dayCount) is larger than the body") }
        _ = try r.skip(Int(dayCount) * 24)
        let pairCount = try r.u64()
        guard pairCount <= UInt64(r.remaining / 20) else { throw Invalid("pair count \(pairCount) is larger than the body") }
        _ = try r.skip(Int(pairCount) * 20)
        let updatedCount = try r.u64()
        guard updatedCount <= UInt64(r.remaining / 12) else { throw Invalid("update list count \(updatedCount) is larger than the body") }
        for _ in 0..<updatedCount {
            _ = try r.i32()
            try r.skipArray(UInt64.self)
        }
        var tags = try readTags(&r, seq: seq)
        tags.anchor = anchor
        return tags
    }

    /// A count of strings, each at least 4 bytes (its length): no more than the bytes left can
    /// hold, so a damaged count cannot ask for a huge array.
    private static func stringCount(_ r: inout ByteReader) throws -> Int {
        let count = Int(try r.u32())
        guard count <= r.remaining / 4 else { throw Invalid("string count \(count) is larger than the body") }
        return count
    }

    /// Spare capacity given to the row-sized arrays of a restored set: the tail folded after a
    /// checkpoint appends to them, and an array loaded exactly full would be copied whole (56 MB
    /// for a million rows) on the first new sample.
    static func headroom(_ rows: Int) -> Int { max(4096, rows / 32) }

    /// Checks the `count` rows stored at the start of `raw` (as laid out by `rowLayout`) before
    /// they are copied into typed memory: every enum and flag byte a valid value, every id and
    /// location in range. Returns how many rows are live.
    private static func checkRows(_ raw: UnsafeRawBufferPointer, count: Int, labels: Int, functions: Int,
                                  segments: Int) throws -> Int {
        let stride = MemoryLayout<SampleTable.StoredRow>.stride
        guard raw.count >= count * stride else { throw Invalid("rows end early") }
        let o = rowLayout[5...].map { Int($0) }
        let types = UInt8(LabelType.allCases.count), statuses = UInt8(NyckelStatus.allCases.count)
        let maxSegment = UInt64(segments)
        var live = 0
        var bad = false
        var at = 0
        for _ in 0..<count {
            let submitAt = raw.loadUnaligned(fromByteOffset: at + o[2], as: UInt64.self)
            let nyckelAt = raw.loadUnaligned(fromByteOffset: at + o[3], as: UInt64.self)
            let labelID = raw.loadUnaligned(fromByteOffset: at + o[4], as: Int32.self)
            let functionID = raw.loadUnaligned(fromByteOffset: at + o[5], as: Int32.self)
            let isLive = raw[at + o[10]]
            for k in 11...13 { bad = bad || raw.loadUnaligned(fromByteOffset: at + o[k], as: Int64.self) < -1 }
            bad = bad || labelID < 0 || Int(labelID) >= labels || functionID < -1 || Int(functionID) >= functions
                || raw[at + o[6]] >= types || raw[at + o[7]] >= statuses || raw[at + o[8]] > 1 || raw[at + o[9]] > 1
                || isLive > 1 || submitAt >> 40 == 0 || submitAt >> 40 > maxSegment || nyckelAt >> 40 > maxSegment
            live += Int(isLive)
            at += stride
        }
        if bad { throw Invalid("a row is out of range") }
        return live
    }
}

/// Why a checkpoint body cannot be restored.
private struct Invalid: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = "checkpoint " + message }
}
