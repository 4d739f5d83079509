#if canImport(Glibc)
import Glibc
#endif

extension LogWriter {
    /// Reads the whole log, cuts a torn tail, sets up the indexes, opens the last segment.
    /// `check` reads the segments (and feeds whatever observes the opening).
    static func recover(directory: String, options: LogOptions, lock: WriterLock,
                        check run: ([Segment]) throws -> LogCheckResult) throws -> LogWriter {
        let segments = try SegmentDirectory.list(directory)
        let check = try run(segments)
        var truncated = 0
        var cutSegment: String?
        if let torn = check.tornTail, let last = segments.last {
            truncated = check.lastSegmentSize - check.lastSegmentValidEnd
            cutSegment = last.name
            try cutTail(last, to: check.lastSegmentValidEnd, place: torn)
        }
        let report = RecoveryReport(truncatedBytes: truncated, segment: cutSegment, lastSeq: check.lastSeq)
        var layout = LogLayout(directory: directory, segments: segments, timeEntries: [])
        var indexes = try WriterIndexes.open(directory: directory, layout: &layout, lastSeq: check.lastSeq)
        var current: OwnedFile?
        do {
            if let last = segments.last { current = try OwnedFile.open(last.path, O_WRONLY | O_APPEND) }
        } catch {
            indexes.close()
            throw error
        }
        return LogWriter(directory: directory, options: options, recovery: report, lastRecordedAt: check.lastRecordedAt,
                         layout: layout, current: current, currentSize: check.lastSegmentValidEnd, lock: lock, indexes: indexes)
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
}

/// The writer's two indexes: open handles (nil if an index could not be written) plus the
/// in-memory event-id table. Time entries live in the writer's `LogLayout`.
struct WriterIndexes {
    var time: IndexWriter?
    var eventID: IndexWriter?
    var table = EventIDTable()

    mutating func close() {
        time?.close(); time = nil
        eventID?.close(); eventID = nil
    }

    /// Loads both indexes; rebuilds a missing or damaged one; catches up one that lags the log.
    static func open(directory: String, layout: inout LogLayout, lastSeq: UInt64) throws -> WriterIndexes {
        try prepareIndexDirectory(SegmentDirectory.indexDirectory(directory))
        var result = WriterIndexes()
        do {
            // Time index.
            let timePath = TimeIndex.path(directory)
            if case .loaded(let loaded) = IndexFile.load(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize) {
                let entries = TimeIndex.decode(loaded.entries)
                if TimeIndex.problem(entries, covered: loaded.header.covered, segments: layout.segments, lastSeq: lastSeq) == nil {
                    result.time = try IndexWriter.open(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize, loaded: loaded)
                    layout.timeEntries = entries
                }
            }
            if result.time == nil {
                result.time = try IndexWriter.create(path: timePath, magic: TimeIndex.magic, entrySize: TimeIndex.entrySize)
            }
            // Event-id index.
            let idPath = EventIDIndex.path(directory)
            if case .loaded(let loaded) = IndexFile.load(path: idPath, magic: EventIDIndex.magic, entrySize: EventIDIndex.entrySize) {
                if EventIDIndex.decode(loaded.entries, covered: loaded.header.covered, lastSeq: lastSeq, into: &result.table) == nil {
                    result.eventID = try IndexWriter.open(path: idPath, magic: EventIDIndex.magic, entrySize: EventIDIndex.entrySize, loaded: loaded)
                } else {
                    result.table.removeAll()
                }
            }
            if result.eventID == nil {
                result.eventID = try IndexWriter.create(path: idPath, magic: EventIDIndex.magic, entrySize: EventIDIndex.entrySize)
            }
            try result.catchUp(layout: &layout, lastSeq: lastSeq)
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
            try LogError.io(path, "cannot create index directory") { try PathOps.makeDirectory(path) }
        case .directory?:
            break
        case let kind?:
            let what = kind == .symbolicLink ? "a symbolic link" : "not a directory"
            throw LogError(.io, "the index path \(path) is \(what); move it away and run again (indexes are rebuilt from the log)", path: path)
        }
        AtomicFile.removeLeftovers(in: path)
    }

    /// Reads the records the indexes do not cover yet and adds them, in slices of about 1 MiB.
    mutating func catchUp(layout: inout LogLayout, lastSeq: UInt64) throws {
        guard let time = time, let eventID = eventID else { return }
        let timeCovered = time.header.covered
        let idCovered = eventID.header.covered
        let from = min(timeCovered, idCovered) + 1
        guard from <= lastSeq else { return }
        var timeBytes: [UInt8] = []
        var idBytes: [UInt8] = []
        var newEntries: [TimeIndexEntry] = []
        var lastEntry = layout.timeEntries.last
        var table = self.table
        try layout.walk(from: from, through: lastSeq) { view in
            if view.seq > timeCovered,
               TimeIndex.wants(after: lastEntry, segmentFirstSeq: view.segmentFirstSeq, offset: UInt64(view.byteOffset)) {
                let entry = TimeIndexEntry(seq: view.seq, micros: view.recordedAt.microseconds,
                                           segmentFirstSeq: view.segmentFirstSeq, offset: UInt64(view.byteOffset))
                TimeIndex.encode(entry, into: &timeBytes)
                newEntries.append(entry)
                lastEntry = entry
            }
            if view.seq > idCovered, let raw = view.eventIDRaw {
                let hash = EventIDIndex.hash(raw)
                EventIDIndex.encode(hash: hash, seq: view.seq, into: &idBytes)
                table.insert(hash: hash, seq: view.seq)
            }
            if timeBytes.count + idBytes.count >= 1 << 20 {
                try time.append(timeBytes, covered: max(timeCovered, view.seq))
                try eventID.append(idBytes, covered: max(idCovered, view.seq))
                timeBytes.removeAll(keepingCapacity: true)
                idBytes.removeAll(keepingCapacity: true)
            }
            return true
        }
        try time.append(timeBytes, covered: lastSeq)
        try eventID.append(idBytes, covered: lastSeq)
        layout.timeEntries.append(contentsOf: newEntries)
        self.table = table
    }
}
