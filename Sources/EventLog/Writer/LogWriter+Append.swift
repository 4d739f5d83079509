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

    /// The stored checksum of the last line (0 when there is none).
    var lastCRC: UInt32 {
        guard let last = ends.last else { return 0 }
        return bytes.withUnsafeBufferPointer { RecordAtEnd.storedCRC(UnsafeBufferPointer(rebasing: $0[0..<(last - 1)])) ?? 0 }
    }
}

extension LogWriter {
    /// Appends `records` in order and returns their seqs; nil for an empty array.
    ///
    /// The batch is encoded in pieces on background threads while the calling thread writes the
    /// pieces already encoded, in order (`OrderedPieces`); when `options.durable`, the segment
    /// is fsynced once before returning (once more per segment sealed by a
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
        var batch = Optional(records)
        return try append(chunks: { batch.take() }, payloadsChecked: payloadsChecked)
    }

    /// Appends one batch given in chunks: `next` returns the batch's next records, in order, nil
    /// after the last. For a batch too large to hold (`tslog append` of millions of lines): only
    /// one chunk, encoded, is in memory at a time. Everything else is as `append` of the whole
    /// batch: one write session, so a write error cuts the log back to its size before the
    /// batch, and so does an error thrown by `next` or a chunk that fails the record checks
    /// (nothing of the batch remains); one fsync at the end (plus a rotation's); one recovery
    /// point; the seqs assigned only once it is durable. Before it returns, readers may see a
    /// prefix of the batch (as they may see the pieces of a big `append`); a crash leaves at
    /// most such a prefix, which the next open keeps or cuts as a torn tail (guarantee 2).
    package func append(chunks next: () throws -> [NewRecord]?, payloadsChecked: Bool) throws -> AppendResult? {
        if isClosed { throw LogError(.writerUnusable, "the writer for \(directory) is closed") }
        if unusableReason != nil { throw refusal }
        let checked = { (records: [NewRecord]?) throws -> [NewRecord]? in
            if let records { try self.validate(records, checkPayloads: !payloadsChecked) }
            return records
        }
        var first: [NewRecord]?
        repeat { first = try next() } while first?.isEmpty == true
        guard let first = try checked(first) else { return nil }
        let count = try appendValidated(first) {
            var more: [NewRecord]?
            repeat { more = try next() } while more?.isEmpty == true
            return try checked(more)
        }
        return AppendResult(firstSeq: lastSeq - UInt64(count) + 1, lastSeq: lastSeq, count: count)
    }

    /// Records per piece of a big append's encoding: large enough that a `write` per piece costs
    /// nothing, small enough that the first piece is ready soon.
    static let encodingPieceSize = 1024

    /// Encodes, writes and makes durable records that passed `validate` (`first`, then each
    /// non-empty chunk `next` gives until nil, all in one write session); then advances
    /// `lastSeq`. Returns how many records were appended.
    ///
    /// Times are decided first, in order (each is at least the one before); the lines, which then
    /// depend on nothing but their record, seq and time, are encoded in pieces in the background;
    /// each piece, as it comes, is placed (segment rotation, index entries: `AppendPlacement`)
    /// and written straight from the piece's buffer. Copying a batch into the page cache is the
    /// largest single cost of a big append (more so on a machine whose memory is fresh), and this
    /// way the encoding hides behind it.
    @discardableResult
    func appendValidated(_ first: [NewRecord], then next: () throws -> [NewRecord]? = { nil }) throws -> Int {
        try finishEventIDs()  // before new seqs: a deferred tail ends at the log's end now
        do {
            try recoveryPoint.checkBackgroundSync()
        } catch {
            let reason = "the recovery point could not be made durable: \(error)"
            unusableReason = reason
            throw LogError(.writerUnusable, "the writer for \(directory) refuses appends: \(reason)", path: recoveryPoint.file.path)
        }
        lastCommit = nil
        let now = Timestamp.now()
        var lastTime = lastRecordedAt
        var placement = AppendPlacement(segment: layout.segments.last, size: currentSize,
                                        lastTimeEntry: layout.timeEntries.last, lastSeq: lastSeq,
                                        maxBytes: options.segmentMaxBytes, directory: directory)
        var lastCRC: UInt32 = 0
        var committed: CommittedLines?
        var count = 0
        try write { session in
            var chunk: [NewRecord]? = first
            while let records = chunk {
                let times = decideTimes(records, now: now, after: &lastTime)
                let firstSeq = lastSeq + UInt64(count) + 1
                let pieces = OrderedPieces(count: records.count, pieceSize: Self.encodingPieceSize) { range in
                    EncodedLines(records, range, firstSeq: firstSeq, times: times)
                }
                for k in pieces.ranges.indices {
                    let lines = pieces.take(k)
                    if k == pieces.ranges.count - 1 { lastCRC = lines.lastCRC }
                    let runs = placement.place(lines, records: records, times: times)
                    if count == 0, pieces.ranges.count == 1, runs.count == 1, lines.bytes.count <= CommittedLines.maximumBytes,
                       let segment = runs[0].newSegment ?? layout.segments.last {
                        committed = CommittedLines(firstSeq: firstSeq, lastSeq: firstSeq + UInt64(records.count) - 1,
                                                   segmentFirstSeq: segment.firstSeq,
                                                   byteOffset: runs[0].newSegment == nil ? currentSize : 0, bytes: lines.bytes)
                    }
                    try lines.bytes.withUnsafeBytes { bytes in
                        for run in runs {
                            try writeRun(UnsafeRawBufferPointer(rebasing: bytes[run.bytes]), startingSegment: run.newSegment, &session)
                        }
                    }
                }
                count += records.count
                chunk = try next()
                if chunk != nil { committed = nil }  // kept only for a batch of one small piece
            }
        }
        // Durable: now the recovery point and the indexes may follow.
        lastSeq += UInt64(count)
        lastRecordedAt = lastTime
        if let segment = layout.segments.last {
            end = LogPrefix(logID: logID, seq: lastSeq, segmentFirstSeq: segment.firstSeq, end: UInt64(currentSize), crc: lastCRC)
        }
        lastCommit = committed
        if options.durable { try markAcknowledged() }
        updateIndexes(timeEntries: placement.timeEntries, idEntries: placement.idEntries)
        appendsSinceOpen += 1
        if options.padsInAppend { try padAhead() }
        return count
    }

    /// Seconds a recovery point may stay written but not synced while appends go on (see
    /// `RecoveryPointFile`): at most one extra flush per this interval, not one per append, and
    /// made by a background thread, not by an append.
    static let recoveryPointSyncInterval = 1.0

    /// Moves the recovery point to the end of the log (after the append's fsync, before it
    /// returns; synced in the background `recoveryPointSyncInterval` after the oldest mark not
    /// yet synced, and at close). A failure leaves
    /// the point behind what is on disk, which is safe, but the append cannot be reported as
    /// acknowledged: the writer refuses further appends.
    func markAcknowledged() throws {
        do {
            try recoveryPoint.record(end, syncAfter: Self.recoveryPointSyncInterval)
        } catch {
            unusableReason = "the recovery point could not be made durable: \(error)"
            throw LogError(.writerUnusable, "append of records ...\(lastSeq) was written and fsynced, but the recovery point could not be recorded; the writer refuses further appends; reopen the log to recover",
                           path: recoveryPoint.file.path)
        }
    }

    /// The stored time of each record: its own (`recordedAt`, or `now`), raised to the one
    /// before (`time`: the last one decided, updated).
    private func decideTimes(_ records: [NewRecord], now: Timestamp, after time: inout Timestamp?) -> [Timestamp] {
        var times: [Timestamp] = []
        times.reserveCapacity(records.count)
        for record in records {
            let wanted = record.recordedAt ?? now
            let at = max(wanted, time ?? wanted)
            time = at
            times.append(at)
        }
        return times
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

    /// After a durable append: feeds the indexes. The time index's file is written only when
    /// the append adds entries (the first record of a segment, then one per
    /// `TimeIndex.spacing` bytes: one append in a few hundred), entries then header; an append
    /// that adds none leaves the header behind (it names the prefix of the last write), and
    /// `close` brings it to the end. A header behind the log costs a reader nothing (every entry
    /// is within the prefix it names) and the next writer a read of the records after it. A
    /// time index that cannot be written is dropped (removed, so the next open rebuilds it);
    /// the append stands. Event ids go to the writer's memory; the file follows at `close`
    /// (see `EventIDIndex.compactAfter`).
    func updateIndexes(timeEntries: [TimeIndexEntry], idEntries: [(hash: UInt64, seq: UInt64)]) {
        for (hash, seq) in idEntries { indexes.eventIDs.insert(hash: hash, seq: seq) }
        guard !timeEntries.isEmpty else { return }
        layout.timeEntries.append(contentsOf: timeEntries)
        var timeBytes: [UInt8] = []
        for e in timeEntries { TimeIndex.encode(e, into: &timeBytes) }
        writeTimeIndex(timeBytes)
    }

    /// Appends `entries` (encoded) to the time index and names the log's end in its header;
    /// drops the index when that fails.
    func writeTimeIndex(_ entries: [UInt8]) {
        guard let time = indexes.time, !entries.isEmpty || time.header.prefix != end else { return }
        do { try time.append(entries, covered: end) } catch {
            time.close(); indexes.time = nil
            try? PathOps.unlink(TimeIndex.path(directory))
        }
    }
}
