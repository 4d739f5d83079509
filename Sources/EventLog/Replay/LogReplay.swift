/// Why a replay did not happen, in words naming the target (or the check that failed).
public struct ReplayError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Copies a log's records, up to a seq, and its image store into a new log directory — the
/// storage half of `tslog replay` (the backup command).
///
/// The new log holds the same records with the same seq, recorded_at, type, event_id and payload
/// bytes, and every stored image (`BlobStore.copyAll`: each re-hashed, a damaged one left out and
/// named), so a backup holds the crops, not only their URLs. It is written into a temporary
/// directory beside the target (`.NAME.replay-<pid>-<random>`), checked (`verifyLog`: checksums,
/// seq chain, envelopes; then every line compared byte for byte with the source's), and only
/// then renamed to the target and the parent directory fsynced, so the target never holds a
/// partial log. A failure at any step removes the temporary directory.
public enum LogReplay {
    /// Records per append batch (also at most 8 MiB of lines per batch).
    static let batchRecords = 8192

    /// Copies records 1 through `seq` of `source`, and every image in its store, into a new log
    /// at `target`, which must not exist or be an empty directory (never a symbolic link, never
    /// inside a log). `copied` is told the last seq copied after each batch. Returns what was
    /// done with the images: all of them are copied, whatever `seq` (an image is named by its
    /// bytes; one that no event up to `seq` names is unused in the copy).
    @discardableResult
    public static func copy(_ source: LogReader, through seq: UInt64, into target: String,
                            copied: (UInt64) -> Void = { _ in }) throws -> BlobStore.CopyReport {
        try checkTarget(target)
        let (parent, name) = Directory.split(target)
        let temporary = "\(parent)/.\(name).replay-\(Directory.unpredictableSuffix())"
        try ioError { try PathOps.makeDirectory(temporary, existingIsFine: false) }
        var done = false
        defer { if !done { try? Directory.removeTree(temporary) } }
        let images: BlobStore.CopyReport
        do {
            try copyRecords(source, through: seq, into: temporary, copied: copied)
            try verify(source, through: seq, copy: temporary)
            images = try BlobStore(logDirectory: source.directory).copyAll(into: BlobStore(logDirectory: temporary))
        } catch let error as LogError where error.errno != nil {
            throw notReplayed(target, error)
        } catch let error as SystemCallError {
            throw notReplayed(target, LogError(.io, "", path: error.subject, syscall: error.syscall, errno: error.errno.rawValue))
        }
        try checkTarget(target)
        try ioError { try PathOps.rename(temporary, target) }
        done = true
        try ioError { try PathOps.syncDirectory(parent) }
        return images
    }

    /// A failed call while the copy was built (a full disk, a file size limit, no descriptor
    /// left): the copy is all or nothing, so nothing was replayed and the whole replay is what
    /// to run again (the writer's "append again" would not fit).
    private static func notReplayed(_ target: String, _ cause: LogError) -> LogError {
        let what = "replay into \(target) failed: nothing was replayed (\(target) was not made; the temporary copy beside it was removed)"
        let retry = "run the replay again"
        guard cause.syscall == nil, let errno = cause.errno else {
            return LogError(.io, what, path: cause.path, syscall: cause.syscall, errno: cause.errno, retry: retry)
        }
        // A cause that names its call in its message (writing the copy's log id or an index).
        return LogError(.io, "\(what); \(Errno(rawValue: errno).remedy(then: retry)): \(cause.message)", path: cause.path, errno: errno)
    }

    /// Refuses a target that exists and is not an empty directory.
    static func checkTarget(_ path: String) throws {
        if let log = OutputPath.enclosingLog(of: path) {
            throw ReplayError("'\(path)' is inside the tslog log \(log); replay writes a new log outside any log directory")
        }
        guard let status = try ioError({ try PathOps.status(path) }) else {
            do { return try AtomicFile.checkParent(of: path) } catch { throw ReplayError("\(error)") }
        }
        if status.kind == .symbolicLink {
            throw ReplayError("'\(path)' is a symbolic link; replay does not follow it: name the real directory")
        }
        guard status.kind == .directory else { throw ReplayError("'\(path)' exists and is not a directory") }
        let names: [String]
        do { names = try Directory.entries(path) } catch {
            throw ReplayError("cannot read '\(path)': \(error.errno.message)")
        }
        if let name = names.first {
            throw ReplayError("'\(path)' is not empty (it holds '\(name)'); replay writes only into a new or empty directory")
        }
    }

    /// Appends every record through `seq` to a new log in `directory`, with its original
    /// `recorded_at`, in batches.
    static func copyRecords(_ source: LogReader, through seq: UInt64, into directory: String,
                            copied: (UInt64) -> Void) throws {
        let writer = try LogWriter.open(directory: directory)
        defer { try? writer.close() }
        var batch: [NewRecord] = []
        var batchBytes = 0
        func flush() throws {
            _ = try writer.append(batch)
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        if seq > 0 {
            try source.scan(through: seq) { record in
                batch.append(NewRecord(type: record.typeString, schemaVersion: record.schemaVersion, eventID: record.eventID,
                                       payload: Array(record.payload), recordedAt: record.recordedAt))
                batchBytes += record.line.count
                if batch.count >= batchRecords || batchBytes >= 8 << 20 { try flush(); copied(record.seq) }
            }
        }
        try flush()
        try writer.close()
    }

    /// Checks the copy: `verifyLog` passes, it ends at `seq`, and each of its lines equals the
    /// source's line at the same seq, byte for byte (compared a window of lines at a time, so
    /// memory stays bounded). Throws naming the first seq that differs.
    static func verify(_ source: LogReader, through seq: UInt64, copy directory: String) throws {
        _ = try verifyLog(directory: directory)
        let copy = try LogReader(directory: directory)
        guard copy.lastSeq == seq else {
            throw ReplayError("replay check failed: the copy ends at seq \(copy.lastSeq), not \(seq)")
        }
        struct WindowFull: Error {}
        var from: UInt64 = 1
        var window: [[UInt8]] = []
        while from <= seq {
            window.removeAll(keepingCapacity: true)
            var bytes = 0
            do {
                try source.scan(from: from, through: seq) { record in
                    window.append(Array(record.line))
                    bytes += record.line.count
                    if window.count >= 65_536 || bytes >= 16 << 20 { throw WindowFull() }
                }
            } catch is WindowFull {}
            guard !window.isEmpty else { throw ReplayError("replay check failed: the source ends before seq \(from)") }
            let through = from + UInt64(window.count) - 1
            var next = from
            try copy.scan(from: from, through: through) { record in
                guard record.seq == next, record.line.elementsEqual(window[Int(next - from)]) else {
                    throw ReplayError("replay check failed: the copy's record at seq \(next) differs from the source's")
                }
                next += 1
            }
            guard next == through + 1 else { throw ReplayError("replay check failed: the copy lacks seq \(next)") }
            from = through + 1
        }
    }

    /// Runs `body`, turning a failed system call into a `ReplayError` naming call, path and errno.
    @discardableResult
    private static func ioError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SystemCallError { throw ReplayError(error.description) }
    }
}
