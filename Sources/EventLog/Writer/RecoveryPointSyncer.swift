import Foundation

/// Makes `recovery.point` durable off the append path: a thread that `fdatasync`s the file
/// `interval` seconds after the oldest mark written since the last sync.
///
/// The recovery point is rewritten after every durable append but need not be durable at once
/// (see `RecoveryPointFile`). When the append that found the oldest unsynced mark a second old
/// made it durable itself, one append a second paid a second device flush. Here the caller only
/// notes that a mark is pending (`marked`); the flush happens on this thread, so no append waits
/// for it. A failed sync is kept and reported by the next `marked` (the writer then refuses
/// appends) and by `stop`.
///
/// Started by `RecoveryPointFile` only for a writer that appends more than once (a CLI command
/// that appends once syncs at close and starts no thread).
final class RecoveryPointSyncer: @unchecked Sendable {
    // @unchecked: every field is read and written with `condition` locked.
    private let condition = NSCondition()
    private let interval: Double
    private let sync: () throws -> Void
    /// Monotonic seconds when the oldest mark not yet synced was written; nil when none is.
    private var pendingSince: Double?
    private var stopping = false
    private var failure: Error?
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread. `sync` makes the file durable; it runs on that thread, never while
    /// `marked` waits.
    init(interval: Double, pendingSince: Double, sync: @escaping () throws -> Void) {
        self.interval = interval
        self.pendingSince = pendingSince
        self.sync = sync
        let thread = Thread { [self] in run() }
        thread.name = "tslog recovery.point sync"
        thread.start()
    }

    /// Notes that a mark was just written; throws the error of an earlier failed sync.
    func marked(at now: Double) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        if pendingSince == nil {
            pendingSince = now
            condition.signal()
        }
    }

    /// Throws the error of an earlier failed sync.
    func check() throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
    }

    /// Stops the thread and waits for it (and a sync in progress). Returns whether a mark is
    /// still pending; throws the error of a failed sync.
    func stop() throws -> Bool {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        return pendingSince != nil
    }

    private func run() {
        condition.lock()
        while !stopping && failure == nil {
            guard let since = pendingSince else {
                condition.wait()
                continue
            }
            let wait = since + interval - SystemProcess.monotonicSeconds()
            if wait > 0 {
                _ = condition.wait(until: Date(timeIntervalSinceNow: wait))
                continue
            }
            // Cleared first: a mark written during the sync is either in it or pending again.
            pendingSince = nil
            condition.unlock()
            var error: Error?
            do { try sync() } catch let e { error = e }
            condition.lock()
            if let error {
                failure = error
                pendingSince = pendingSince ?? since
            }
        }
        condition.unlock()
        finished.signal()
    }
}
