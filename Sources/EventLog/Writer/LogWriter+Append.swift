#if canImport(Glibc)
import Glibc
#endif

/// The stored lines of `records[range]`, one after another, and where each ends.
struct EncodedLines {
    let range: Range<Int>
    var bytes: [UInt8] = []
    /// `ends[k]`: the end offset in `bytes` of the line of `records[range.lowerBound + k]`.
    var ends: [Int] = []

    init(_ records: [NewRecord], _ range: Range<Int>, firstSeq: UInt64, times: [Timestamp]) {
        self.range = range
        var ends: [Int] = []
        ends.reserveCapacity(range.count)
        let bound = range.reduce(0) { $0 + RecordEncoder.maximumLength(records[$1]) }
        // Written through a raw cursor into memory reserved for the longest possible lines.
        bytes = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            var at = 0
            for i in range {
                at += RecordEncoder.write(seq: firstSeq + UInt64(i), recordedAt: times[i], record: records[i], to: base + at)
                ends.append(at)
            }
            count = at
        }
        self.ends = ends
    }
}

/// The bytes one append writes to one segment.
struct AppendChunk {
    var segment: Segment
    /// True when this append creates the segment.
    var isNew: Bool
    var bytes: [UInt8] = []
}

extension LogWriter {
    /// Appends `records` in order and returns their seqs; nil for an empty array.
    ///
    /// The whole batch is encoded first, then written with as few `write`s as possible and, when
    /// `options.durable`, fsynced once before returning (once more per segment sealed by a
    /// rotation, plus the directory when a segment is created). A write error (ENOSPC, EIO) cuts
    /// the log back to its size before the call and throws: nothing of the batch remains. An fsync
    /// error is fatal: the writer throws `.writerUnusable` from then on, since whether the data
    /// reached the disk is unknown; the next `open` recovers whatever is there.
    public func append(_ records: [NewRecord]) throws -> AppendResult? {
        try append(records, payloadsChecked: false)
    }

    /// `append`, skipping the JSON check of each payload when `payloadsChecked`: for callers in
    /// this package whose payloads come from a pinned encoder (`PayloadCodec`), where the check
    /// would only repeat what that encoder's tests prove. Every other check still runs.
    package func append(_ records: [NewRecord], payloadsChecked: Bool) throws -> AppendResult? {
        if isClosed { throw LogError(.writerUnusable, "the writer for \(directory) is closed") }
        if let unusableReason { throw LogError(.writerUnusable, "the writer for \(directory) refuses appends: \(unusableReason)") }
        guard !records.isEmpty else { return nil }
        try validate(records, checkPayloads: !payloadsChecked)
        try appendValidated(records)
        return AppendResult(firstSeq: lastSeq - UInt64(records.count) + 1, lastSeq: lastSeq, count: records.count)
    }

    /// Plans, writes and makes durable records that passed `validate`; then advances `lastSeq`.
    func appendValidated(_ records: [NewRecord]) throws {
        var plan = plan(records)
        try write(&plan.chunks)
        // Durable: now the indexes may follow.
        lastSeq += UInt64(records.count)
        lastRecordedAt = plan.lastRecordedAt
        updateIndexes(plan)
    }

    func validate(_ records: [NewRecord], checkPayloads: Bool = true) throws {
        for (i, r) in records.enumerated() {
            var which: String { "record \(i + 1) of \(records.count)" }  // built only for a message
            if r.type.isEmpty { throw LogError(.invalidRecord, "\(which): empty type") }
            if r.schemaVersion < 0 || r.schemaVersion > 999_999_999 {
                throw LogError(.invalidRecord, "\(which): schema version \(r.schemaVersion) out of range 0...999999999")
            }
            if let id = r.eventID, id.isEmpty { throw LogError(.invalidRecord, "\(which): empty event_id") }
            if checkPayloads, let failure = JSONValidator.check(r.payload, objectOnly: true) {
                throw LogError(.invalidRecord, "\(which): payload is not one compact JSON object: \(failure.reason) at byte \(failure.offset)")
            }
        }
    }

    struct AppendPlan {
        var chunks: [AppendChunk] = []
        var timeEntries: [TimeIndexEntry] = []
        var idEntries: [(hash: UInt64, seq: UInt64)] = []
        var lastRecordedAt: Timestamp?
        var endSize = 0
    }

    /// Encodes the batch, deciding seqs, times, segment rotation and index entries.
    ///
    /// Times are decided first, in order (each is at least the one before); the lines, which
    /// then depend on nothing but their record, seq and time, are encoded and checksummed on two
    /// threads (`EncodedLines`); rotation and index entries follow, in order.
    func plan(_ records: [NewRecord]) -> AppendPlan {
        var plan = AppendPlan()
        let now = Timestamp.now()
        var time = lastRecordedAt
        var times: [Timestamp] = []
        times.reserveCapacity(records.count)
        for record in records {
            let wanted = record.recordedAt ?? now
            let at = max(wanted, time ?? wanted)
            time = at
            times.append(at)
        }
        let firstSeq = lastSeq + 1
        let decided = times
        let parts = ParallelMap.parts(records.count) { range in
            EncodedLines(records, range, firstSeq: firstSeq, times: decided)
        }
        let totalBytes = parts.reduce(0) { $0 + $1.bytes.count }
        var seq = lastSeq
        var segment = layout.segments.last
        var size = currentSize
        var lastEntry = layout.timeEntries.last
        for part in parts {
            var start = 0
            for (k, end) in part.ends.enumerated() {
                let i = part.range.lowerBound + k
                let record = records[i]
                let at = decided[i]
                let length = end - start
                seq += 1
                if segment == nil || (size > 0 && size + length > options.segmentMaxBytes) {
                    segment = Segment(firstSeq: seq, directory: directory)
                    size = 0
                    plan.chunks.append(AppendChunk(segment: segment!, isNew: true))  // just assigned
                    plan.chunks[plan.chunks.count - 1].bytes.reserveCapacity(min(totalBytes, options.segmentMaxBytes))
                } else if plan.chunks.isEmpty {
                    plan.chunks.append(AppendChunk(segment: segment!, isNew: false))  // non-nil: checked above
                    plan.chunks[0].bytes.reserveCapacity(totalBytes)
                }
                let first = segment!.firstSeq  // non-nil: assigned above
                if TimeIndex.wants(after: lastEntry, segmentFirstSeq: first, offset: UInt64(size)) {
                    let entry = TimeIndexEntry(seq: seq, micros: at.microseconds, segmentFirstSeq: first, offset: UInt64(size))
                    plan.timeEntries.append(entry)
                    lastEntry = entry
                }
                if let id = record.eventID {
                    let escaped = EventIDIndex.escaped(id)
                    plan.idEntries.append((escaped.withUnsafeBufferPointer { EventIDIndex.hash($0) }, seq))
                }
                plan.chunks[plan.chunks.count - 1].bytes.append(contentsOf: part.bytes[start..<end])
                size += length
                start = end
            }
        }
        plan.lastRecordedAt = time
        plan.endSize = size
        return plan
    }

    /// After a durable append: records the new segments and feeds the indexes. An index that
    /// cannot be written is dropped (removed, so the next open rebuilds it); the append stands.
    func updateIndexes(_ plan: AppendPlan) {
        layout.timeEntries.append(contentsOf: plan.timeEntries)
        for (hash, seq) in plan.idEntries { indexes.table.insert(hash: hash, seq: seq) }
        var timeBytes: [UInt8] = []
        for e in plan.timeEntries { TimeIndex.encode(e, into: &timeBytes) }
        var idBytes: [UInt8] = []
        for (hash, seq) in plan.idEntries { EventIDIndex.encode(hash: hash, seq: seq, into: &idBytes) }
        if let time = indexes.time {
            do { try time.append(timeBytes, covered: lastSeq) } catch {
                time.close(); indexes.time = nil
                try? PathOps.unlink(TimeIndex.path(directory))
            }
        }
        if let eventID = indexes.eventID {
            do { try eventID.append(idBytes, covered: lastSeq) } catch {
                eventID.close(); indexes.eventID = nil
                try? PathOps.unlink(EventIDIndex.path(directory))
            }
        }
    }
}
