#if canImport(Glibc)
import Glibc
#endif

extension LogWriter {
    /// Checks the log (from the recovery point when `usePoint` and there is one; with
    /// `fullCheck`, every record, otherwise), cuts a torn tail, moves the recovery point to the end, sets
    /// up the indexes and opens the last segment. Zeros after the last segment's data are a
    /// crashed writer's padding (`SegmentPadding`): not a torn tail, kept, and written over by
    /// the next appends; a torn tail is cut with them.
    static func recover(directory: String, options: LogOptions, lock: WriterLock,
                        usePoint: Bool = false, check fullCheck: ([Segment]) throws -> LogCheckResult) throws -> LogWriter {
        let segments = try SegmentDirectory.list(directory)
        let logID = try LogID.loadOrCreate(directory)
        let recoveryPoint = try RecoveryPointFile.open(directory)
        var indexes: WriterIndexes?
        do {
            let check: LogCheckResult
            if usePoint, let point = recoveryPoint.point, point.logID == logID {
                check = try RecoveryCheck.run(segments, from: point)
            } else {
                check = try fullCheck(segments)
            }
            var truncated = 0
            var cutSegment: String?
            if let torn = check.tornTail, let last = segments.last {
                truncated = check.lastSegmentSize - check.lastSegmentValidEnd
                cutSegment = last.name
                try cutTail(last, to: check.lastSegmentValidEnd, place: torn)
            }
            let end = try endPrefix(logID, segments: segments, lastSeq: check.lastSeq, lastSegmentEnd: check.lastSegmentValidEnd)
            if options.durable, end != recoveryPoint.point {
                // What lies past the old mark is checked now; make it durable before marking it.
                if let last = segments.last { try syncSegment(last) }
                try recoveryPoint.record(end)
            }
            let report = RecoveryReport(truncatedBytes: truncated, segment: cutSegment, lastSeq: check.lastSeq)
            var layout = LogLayout(directory: directory, segments: segments, timeEntries: [])
            indexes = try WriterIndexes.open(directory: directory, layout: &layout, end: end)
            var current: OwnedFile?
            var paddedEnd = check.lastSegmentValidEnd
            if let last = segments.last {
                // Written at its data end (no O_APPEND): a crashed writer's padding may follow it.
                let file = try OwnedFile.open(last.path, O_WRONLY)
                current = file
                paddedEnd = max(paddedEnd, try LogError.io(last.path, "cannot read segment") { try file.descriptor.size() })
            }
            return LogWriter(directory: directory, options: options, recovery: report, lastRecordedAt: check.lastRecordedAt,
                             layout: layout, current: current, currentSize: check.lastSegmentValidEnd, paddedEnd: paddedEnd, lock: lock,
                             indexes: indexes!, logID: logID, recoveryPoint: recoveryPoint, end: end)
        } catch {
            indexes?.close()
            recoveryPoint.close()
            throw error
        }
    }

    /// The prefix naming the whole log: its last record's place and checksum.
    static func endPrefix(_ logID: LogID, segments: [Segment], lastSeq: UInt64, lastSegmentEnd: Int) throws -> LogPrefix {
        guard lastSeq > 0 else { return .empty(logID) }
        // The last record is at the end of the last segment, or (when that one is empty) of the one before.
        for (k, segment) in segments.enumerated().reversed() where segment.firstSeq <= lastSeq {
            let file = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? file.close() }
            let end = k == segments.count - 1 ? lastSegmentEnd : try LogError.io(segment.path) { try file.descriptor.size() }
            guard let record = try RecordAtEnd.read(file, end: end), record.seq == lastSeq else { break }
            return LogPrefix(logID: logID, seq: lastSeq, segmentFirstSeq: segment.firstSeq, end: UInt64(end), crc: record.crc)
        }
        throw LogError(.corrupt, "the last record, seq \(lastSeq), is not where the check found it", seq: lastSeq)
    }

    static func syncSegment(_ segment: Segment) throws {
        let file = try OwnedFile.open(segment.path, O_RDONLY)
        defer { try? file.close() }
        try LogError.io(segment.path, "cannot fsync") { try file.descriptor.fsync() }
    }

    /// Truncates `segment` to `length` (the end of its last valid record) and fsyncs it.
    static func cutTail(_ segment: Segment, to length: Int, place: BadPlace) throws {
        let file = try OwnedFile.open(segment.path, O_WRONLY)
        defer { try? file.close() }
        try LogError.io(segment.path, "cannot cut the torn tail at byte \(length) of \(segment.name)") {
            try file.descriptor.truncate(to: length)
            try file.descriptor.fsync()
        }
    }

    /// Whether the log still holds `prefix` exactly: same log id, and record `prefix.seq` at its
    /// place with its checksum. Derived files are believed only when it does.
    package func holds(_ prefix: LogPrefix) -> Bool {
        guard prefix.logID == logID, prefix.seq <= lastSeq else { return false }
        if prefix.seq == 0 { return true }
        if prefix == end { return true }
        guard let segment = layout.segments.first(where: { $0.firstSeq == prefix.segmentFirstSeq }),
              let file = try? OwnedFile.open(segment.path, O_RDONLY) else { return false }
        defer { try? file.close() }
        guard let record = try? RecordAtEnd.read(file, end: Int(prefix.end)) else { return false }
        return record.seq == prefix.seq && record.crc == prefix.crc
    }

    /// Calls `body` with each record after `seq` through the end, in order (checksums checked).
    ///
    /// While the event ids after the event-id index's prefix are still to be read
    /// (`open(directory:options:deferringEventIDs:)`), the same pass reads them too, starting
    /// earlier when they begin earlier: a caller that loads another derived file's tail (the
    /// registry's, usually after the same prefix) reads those records once, not twice.
    package func forEachRecord(after seq: UInt64, _ body: (RecordView) throws -> Void) throws {
        let from = min(seq, eventIDsReadThrough ?? seq)
        if from < lastSeq {
            try layout.walk(from: from + 1, through: lastSeq, buffer: ChunkBuffer(capacity: 1 << 20)) { view in
                if let through = eventIDsReadThrough, view.seq == through + 1 {
                    if let raw = view.eventIDRaw { indexes.eventIDs.insert(hash: EventIDIndex.hash(raw), seq: view.seq) }
                    eventIDsReadThrough = view.seq
                }
                if view.seq > seq { try body(view) }
                return true
            }
        }
        if eventIDsReadThrough == lastSeq {
            eventIDsReadThrough = nil
            compactEventIDsIfBehind()
        }
    }
}

/// The writer's indexes: the time index (an open handle; entries live in the writer's
/// `LogLayout`) and the event ids (`EventIDStore`).
struct WriterIndexes {
    var time: IndexWriter?
    var eventIDs: EventIDStore

    mutating func close() {
        time?.close(); time = nil
        eventIDs.close()
    }

    /// Loads both indexes; rebuilds a missing, damaged or foreign one; catches up one that lags.
    static func open(directory: String, layout: inout LogLayout, end: LogPrefix) throws -> WriterIndexes {
        try prepareIndexDirectory(SegmentDirectory.indexDirectory(directory))
        var result = WriterIndexes(time: nil, eventIDs: EventIDStore(base: nil, covered: .empty(end.logID)))
        do {
            let lastSeq = end.seq
            let timePath = TimeIndex.path(directory)
            if case .loaded(let loaded) = IndexFile.load(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize),
               loaded.header.prefix.seq <= lastSeq, loaded.header.prefix.isHeld(by: end.logID, segments: layout.segments) {
                let entries = TimeIndex.decode(loaded.entries)
                if TimeIndex.problem(entries, covered: loaded.header.covered, segments: layout.segments, lastSeq: lastSeq) == nil {
                    result.time = try IndexWriter.open(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize, loaded: loaded)
                    layout.timeEntries = entries
                }
            }
            if result.time == nil {
                result.time = try IndexWriter.create(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize,
                                                     logID: end.logID)
            }
            try result.catchUpTime(layout: &layout, end: end)
        } catch {
            result.close()
            throw error
        }
        return result
    }

    /// Makes sure `index/` is a real directory (creating it when missing) and removes the
    /// temporary files a killed writer left in it (the caller holds the writer lock). A file, a
    /// symbolic link or anything else at that name is refused, naming it: indexes are never
    /// written through a link or outside the log.
    static func prepareIndexDirectory(_ path: String) throws {
        let kind = try LogError.io(path, "cannot inspect index directory") { try PathOps.status(path)?.kind }
        switch kind {
        case nil:
            try LogError.io(path, "cannot create index directory") { _ = try PathOps.makeDirectory(path) }
        case .directory?:
            break
        case let kind?:
            let what = kind == .symbolicLink ? "a symbolic link" : "not a directory"
            throw LogError(.io, "the index path \(path) is \(what); move it away and run again (indexes are rebuilt from the log)", path: path)
        }
        AtomicFile.removeLeftovers(in: path)
    }

    /// Reads the records the time index does not cover yet and adds them, in slices of about 1 MiB.
    mutating func catchUpTime(layout: inout LogLayout, end: LogPrefix) throws {
        let lastSeq = end.seq
        guard let time = time else { return }
        let timeCovered = time.header.covered
        guard timeCovered < lastSeq else { return }
        var timeBytes: [UInt8] = []
        var newEntries: [TimeIndexEntry] = []
        var lastEntry = layout.timeEntries.last
        try layout.walk(from: timeCovered + 1, through: lastSeq) { view in
            if TimeIndex.wants(after: lastEntry, segmentFirstSeq: view.segmentFirstSeq, offset: UInt64(view.byteOffset)) {
                let entry = TimeIndexEntry(seq: view.seq, micros: view.recordedAt.microseconds,
                                           segmentFirstSeq: view.segmentFirstSeq, offset: UInt64(view.byteOffset))
                TimeIndex.encode(entry, into: &timeBytes)
                newEntries.append(entry)
                lastEntry = entry
            }
            if timeBytes.count >= 1 << 20 {
                try time.append(timeBytes, covered: LogPrefix(end.logID, endingWith: view))
                timeBytes.removeAll(keepingCapacity: true)
            }
            return true
        }
        try time.append(timeBytes, covered: end)
        layout.timeEntries.append(contentsOf: newEntries)
    }
}
