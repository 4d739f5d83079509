import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one writer of a log directory. Holds the exclusive lock from `open` until `close`.
///
/// `open` recovers the log (cuts a torn tail, refuses corruption), brings the indexes up to the
/// log, and then `append` adds records durably. Not thread-safe: use it from one task at a time.
public final class LogWriter {
    public let directory: String
    public let options: LogOptions
    /// What `open` found and repaired.
    public let recovery: RecoveryReport
    /// The last seq in the log (0 when empty).
    public internal(set) var lastSeq: UInt64
    /// The `recorded_at` of the last record (nil when empty).
    public internal(set) var lastRecordedAt: Timestamp?

    var layout: LogLayout
    /// This log's identity (`DIR/log.id`).
    package let logID: LogID
    /// The durable mark of what was acknowledged (`DIR/recovery.point`).
    let recoveryPoint: RecoveryPointFile
    /// The prefix naming the whole log as written so far: its last record's place and checksum.
    package internal(set) var end: LogPrefix
    /// The lines the last append wrote, as written, for a caller in this process that folds
    /// every commit (the server's live projections); nil after a failed append, and for an
    /// append that spanned segments, was encoded in several pieces, or is larger than
    /// `CommittedLines.maximumBytes`.
    package internal(set) var lastCommit: CommittedLines?
    /// The seq through which the event ids after the event-id index's prefix are in memory,
    /// while the rest are still to be read (`loadEventIDs(deferTail:)`); nil when all are.
    var eventIDsReadThrough: UInt64?
    /// The last segment, open for appending; nil before the first record.
    var current: OwnedFile?
    /// Where the data of `current` ends: the next record is written there.
    var currentSize: Int
    /// The size of `current`'s file: `currentSize` plus the zeros kept ahead of it
    /// (`LogWriter+Padding`).
    var paddedEnd: Int
    /// Appends made since `open` (padding starts with the second: see `padAhead`).
    var appendsSinceOpen = 0
    /// Set when writing padding failed (a full disk): this writer appends without it.
    var paddingStopped = false
    let lock: WriterLock
    var indexes: WriterIndexes
    /// Set when the writer refuses further appends, with the reason.
    var unusableReason: String?
    /// The failed system call behind `unusableReason` when the failing call did not report it
    /// itself (the padding's sync after an acknowledged append), named by the refusals.
    var unusableCause: SystemCallError?

    /// The error an append gets once the writer is unusable.
    var refusal: LogError {
        LogError(.writerUnusable, "the writer for \(directory) refuses appends: \(unusableReason ?? "closed")",
                 syscall: unusableCause?.syscall, errno: unusableCause?.errno.rawValue)
    }
    var isClosed = false
    /// Test-only failure injection (write errors, fsync errors).
    package var faults = FaultInjection()
    /// Test-only file layer: when set, every write, fsync and rollback goes through it
    /// (see `FaultPlan`).
    package var faultPlan: FaultPlan?

    init(directory: String, options: LogOptions, recovery: RecoveryReport, lastRecordedAt: Timestamp?, layout: LogLayout,
         current: OwnedFile?, currentSize: Int, paddedEnd: Int, lock: WriterLock, indexes: WriterIndexes,
         logID: LogID, recoveryPoint: RecoveryPointFile, end: LogPrefix) {
        self.directory = directory
        self.options = options
        self.recovery = recovery
        self.lastSeq = recovery.lastSeq
        self.lastRecordedAt = lastRecordedAt
        self.layout = layout
        self.current = current
        self.currentSize = currentSize
        self.paddedEnd = paddedEnd
        self.lock = lock
        self.indexes = indexes
        self.logID = logID
        self.recoveryPoint = recoveryPoint
        self.end = end
    }

    /// Opens (creating if missing) the log in `directory` for writing.
    ///
    /// Takes the lock, waiting up to `options.lockTimeout` seconds, then fails with `.locked`
    /// naming the lock file. Then recovers: with a recovery point (`DIR/recovery.point`, kept
    /// by every durable append), it checks the last record of each sealed segment before it,
    /// the record at the recovery point (it must be the acknowledged one) and every record after
    /// it; a torn tail after the last intact record is cut (see `recovery`). Damage at or below
    /// the recovery point, or a bad record followed by an intact one, throws `.corrupt` naming
    /// segment, byte offset, line and the acknowledged seqs affected, and nothing is written.
    /// Without a recovery point (a log from an earlier version) every record is checked once and
    /// the recovery point is made. Missing, damaged, foreign or lagging indexes are rebuilt.
    ///
    /// - Complexity: O(segments + bytes after the recovery point), plus the records after the
    ///   event-id index's prefix (at most `EventIDIndex.compactAfter` unless it was rebuilt).
    public static func open(directory: String, options: LogOptions = LogOptions()) throws -> LogWriter {
        try open(directory: directory, options: options, deferringEventIDs: false)
    }

    /// `open`, leaving the event ids of the records after the event-id index's prefix to be
    /// read by the caller's first `forEachRecord` (in the same pass as the records it reads
    /// for its own derived file) or else by the first use of the event ids; the caller should
    /// call `finishEventIDs` once it has loaded what it needs.
    package static func open(directory: String, options: LogOptions, deferringEventIDs: Bool) throws -> LogWriter {
        try open(directory: directory, options: options, deferringEventIDs: deferringEventIDs) { lock in
            try recover(directory: directory, options: options, lock: lock, usePoint: true) { try LogCheck.run($0) }
        }
    }

    /// `open`, checking every record of every segment (as a log without a recovery point is
    /// checked), with `observe` called on each valid record in seq order, for a caller that
    /// needs a fold of the whole log from the same pass.
    ///
    /// - Complexity: O(bytes in the log).
    public static func open(directory: String, options: LogOptions = LogOptions(),
                            observe: @escaping (RecordView) throws -> Void) throws -> LogWriter {
        try open(directory: directory, options: options) { lock in
            try recover(directory: directory, options: options, lock: lock) { try LogCheck.run($0, observe) }
        }
    }

    /// `open(directory:options:observe:)` with the observer in two halves: `extract`, which
    /// depends on nothing but the record and may run on the threads that check the sealed
    /// segments ahead, and `apply`, which gets `extract`'s non-nil results on the calling thread
    /// in seq order. A fold of the log then costs the opening little more than its checksums.
    public static func open<Value>(directory: String, options: LogOptions = LogOptions(),
                                   extract: @escaping @Sendable (RecordView) throws -> Value?,
                                   apply: (Value) throws -> Void) throws -> LogWriter {
        try open(directory: directory, options: options) { lock in
            try recover(directory: directory, options: options, lock: lock) {
                try LogCheck.run($0, extract: extract, apply: apply)
            }
        }
    }

    /// Creates the directory, takes the writer lock and runs `recover` with it.
    private static func open(directory: String, options: LogOptions, deferringEventIDs: Bool = false,
                             _ recover: (WriterLock) throws -> LogWriter) throws -> LogWriter {
        do throws(SystemCallError) {
            // 0755: never world-writable, whatever the umask (ReliabilityFileModeTests). Each
            // directory created is fsynced into its parent: an append that reports success to a
            // new log must not lose the log's name in a power cut (PowerLossOrderTests).
            try PathOps.makeDirectoriesDurably(directory, mode: 0o755)
        } catch {
            if let status = try? PathOps.statusFollowingLinks(directory), status.kind != .directory {
                // The readers' wording, not mkdir's.
                throw SegmentDirectory.notADirectory(directory)
            }
            throw LogError(.io, "cannot create log directory \(directory): \(error)", path: directory, errno: error.errno.rawValue)
        }
        if let status = try? PathOps.statusFollowingLinks(directory), status.kind != .directory {
            throw SegmentDirectory.notADirectory(directory)
        }
        try SegmentDirectory.requireLogOrEmpty(directory)
        let lock = try WriterLock.acquire(directory, timeout: options.lockTimeout)
        let writer: LogWriter
        do {
            writer = try recover(lock)
        } catch {
            try? lock.close()
            throw error
        }
        do {
            try writer.loadEventIDs(deferTail: deferringEventIDs)
        } catch {
            try? writer.close()
            throw error
        }
        return writer
    }

    /// Files beside the segments that resemble segments but are ignored (dotfiles, editors'
    /// swap and backup files such as `.00000000000000000001.jsonl.swp`), for a warning.
    public var ignoredFiles: [String] { SegmentDirectory.ignoredNames(directory) }

    /// Whether a record with this event_id is in the log (answered from the persisted event-id
    /// index, each hash hit confirmed by reading the record).
    public func contains(eventID: String) throws -> Bool {
        try seq(ofEventID: eventID) != nil
    }

    /// Whether appends are still accepted (not closed, no fatal failure).
    public var isUsable: Bool { !isClosed && unusableReason == nil }

    /// Releases the segment, the index files and the lock. Further appends throw. Rewrites the
    /// event-id index first when more than `EventIDIndex.compactAfter` records are past it,
    /// brings the time index's header to the log's end, and cuts the last segment's padding
    /// off (durably), so a cleanly closed log ends at its data.
    public func close() throws {
        guard !isClosed else { return }
        if unusableReason == nil {
            compactEventIDsIfBehind()
            writeTimeIndex([])  // the header, kept in memory between entries (`updateIndexes`)
        }
        isClosed = true
        indexes.close()
        var failure: Error?
        if unusableReason == nil { do { try cutPaddingAtClose() } catch { failure = error } }
        // The last marks were written without an fsync (`markAcknowledged`); one fsync now.
        if unusableReason == nil { do { try recoveryPoint.sync() } catch { failure = error } }
        recoveryPoint.close()
        do { try current?.close() } catch { failure = failure ?? error }
        do { try lock.close() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    deinit {
        assert(isClosed, "LogWriter for \(directory) was not closed")
    }
}

/// Failures a test can inject into the next appends (package access: not public API).
package struct FaultInjection: Sendable {
    /// Let this many more bytes be written, then fail the write with ENOSPC.
    package var failWriteAfterBytes: Int?
    /// Fail the next fsync with EIO.
    package var failFsync = false

    package init() {}
}
