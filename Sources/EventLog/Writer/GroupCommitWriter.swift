import Foundation

/// A thread-safe front for one `LogWriter` that groups concurrent durable appends into one
/// write and one fsync (group commit).
///
/// A durable append costs one fsync, a few milliseconds on most disks, whatever its size. When
/// many threads append one event each through a plain `LogWriter` (behind a lock), they pay one
/// fsync each, one after another. Here a caller queues its batch; if no append is in flight it
/// becomes the *leader*: it takes every batch queued so far and hands them to
/// `LogWriter.appendGroup` — one plan, one write path, one fsync — then wakes the callers it
/// served. Callers that arrive while the leader writes queue up and form the next group. So the
/// more threads wait, the more appends share one fsync, and throughput grows with concurrency
/// while each call still returns only once its records are durable.
///
/// Each caller gets its own result, exactly as from `LogWriter.append`:
/// - its own contiguous seq range (batches are written in the order they were queued; one
///   caller's records are never interleaved with another's);
/// - its own validation error (an invalid batch is refused alone, the rest of its group is
///   appended);
/// - a write or fsync error is shared by every batch of the group that failed: nothing of that
///   group is stored (a write error) or durability is unknown and the writer refuses further
///   appends (an fsync error), as `LogWriter.append` documents.
///
/// The `LogWriter` is used only by one leader at a time, under this object's lock discipline;
/// do not use it directly while the group-commit writer is in use.
public final class GroupCommitWriter: @unchecked Sendable {
    // @unchecked: `writer` and `pending` are touched only with `condition` locked, or by the
    // single leader (`leaderActive`), which is the only thread using `writer` at that time.
    private let writer: LogWriter
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var leaderActive = false
    private var closed = false
    /// How many groups were written (for benchmarks and tests).
    private var groupCount = 0

    private final class Request {
        let records: [NewRecord]
        var result: Result<AppendResult?, Error>?
        init(_ records: [NewRecord]) { self.records = records }
    }

    /// Wraps an open writer; the group-commit writer owns it from now on (`close` closes it).
    public init(_ writer: LogWriter) {
        self.writer = writer
    }

    /// Opens (creating if missing) the log in `directory`, as `LogWriter.open` does.
    public convenience init(directory: String, options: LogOptions = LogOptions()) throws {
        self.init(try LogWriter.open(directory: directory, options: options))
    }

    /// Appends `records` as one contiguous run of seqs, sharing the write and fsync with any
    /// appends made concurrently from other threads. Returns once the records are durable (when
    /// `options.durable`); nil for an empty array. Throws what `LogWriter.append` would.
    ///
    /// - Complexity: O(bytes of the group this call joins); blocks while an earlier group is
    ///   being written.
    public func append(_ records: [NewRecord]) throws -> AppendResult? {
        let request = Request(records)
        condition.lock()
        if closed {
            condition.unlock()
            throw LogError(.writerUnusable, "the writer for \(writer.directory) is closed")
        }
        pending.append(request)
        while request.result == nil {
            if leaderActive {
                condition.wait()
                continue
            }
            // Lead: write everything queued so far, including this request.
            leaderActive = true
            let group = pending
            pending.removeAll(keepingCapacity: true)
            condition.unlock()
            let results = writer.appendGroup(group.map(\.records))
            condition.lock()
            for (r, result) in zip(group, results) { r.result = result }
            groupCount += 1
            leaderActive = false
            condition.broadcast()
        }
        condition.unlock()
        guard let result = request.result else { preconditionFailure("loop ends only with a result") }
        return try result.get()
    }

    /// The last seq in the log (0 when empty), after every completed append.
    public var lastSeq: UInt64 {
        exclusive { $0.lastSeq }
    }

    /// How many write groups (each one write path and one fsync) appends have used so far.
    public var groupsWritten: Int {
        condition.lock(); defer { condition.unlock() }
        return groupCount
    }

    /// Whether a record with this event_id is in the log (see `LogWriter.contains`).
    public func contains(eventID: String) throws -> Bool {
        try exclusive { try $0.contains(eventID: eventID) }
    }

    /// Waits for any append in flight, then closes the writer. Later appends throw.
    public func close() throws {
        try exclusive { writer in
            closed = true
            try writer.close()
        }
    }

    /// Runs `body` with the writer while no group is being written.
    private func exclusive<T>(_ body: (LogWriter) throws -> T) rethrows -> T {
        condition.lock()
        while leaderActive { condition.wait() }
        defer { condition.unlock() }
        return try body(writer)
    }
}
