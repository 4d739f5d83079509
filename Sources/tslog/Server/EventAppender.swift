import EventLog
import Foundation
import SampleDomain

/// The server's one write path: every request's batch goes through here, and batches that
/// arrive while a write is in flight share the next write and its one fsync (group commit).
///
/// A caller queues its batch; if no group is being written it becomes the leader: it takes every
/// batch queued so far, has `SampleStore.appendGroup` validate them in order and write them with
/// one fsync, then hands each caller its receipts. Callers that arrive meanwhile form the next
/// group. A call returns only once its records are durable, so a 2xx always means fsynced.
///
/// Wake-ups are targeted: each waiting caller sleeps on its own semaphore, and a leader that is
/// done wakes exactly the callers of its group, plus the first caller of the next group, which
/// leads it. (Waking every waiter on every commit — a broadcast — made 64 connections cost
/// about eight futex calls per request, most of them threads waking only to sleep again.)
final class EventAppender: @unchecked Sendable {
    // @unchecked: `store` is used only by the single leader (or an `exclusive` body, which runs
    // while no leader is active); the rest only under `condition`, except a request's `result`,
    // which its leader writes before signalling the request and the caller reads after.
    private let store: SampleStore
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var leaderActive = false
    /// Callers of `exclusive` waiting for the leader to finish; while any waits, no new group
    /// starts (they would otherwise wait as long as appends keep coming).
    private var exclusiveWaiting = 0
    private var closed = false
    /// Told the new last seq after every group that appended something.
    let feed: CommitFeed
    /// Called by the leader after a group that appended, before the callers are woken.
    private let afterCommit: @Sendable (UInt64) -> Void

    private final class Request {
        let batch: GroupBatch
        /// Set by the leader of its group before it signals `wake`; a caller woken without one
        /// leads the next group.
        var result: Result<BatchReceipt, Error>?
        let wake = DispatchSemaphore(value: 0)
        init(_ batch: GroupBatch) { self.batch = batch }
    }

    /// Records past the per-sample index after which the server merges them into it: one merge
    /// (a rewrite of the file: about a second on a 1 M-sample log) per this many appends, and
    /// at most this many records for a history read to scan besides the sample's own.
    static let serverIndexAfter: UInt64 = 65_536

    /// Takes over `store` (and brings its per-sample index up to date first: once, on a log
    /// that has none, a read of the whole log).
    init(store: SampleStore, feed: CommitFeed, afterCommit: @escaping @Sendable (UInt64) -> Void = { _ in }) {
        store.updateSampleIndexIfBehind()
        self.store = store
        self.feed = feed
        self.afterCommit = afterCommit
    }

    /// Validates and appends `batch`, sharing the write with concurrent callers.
    func append(_ batch: GroupBatch) throws -> BatchReceipt {
        let request = Request(batch)
        condition.lock()
        if closed {
            condition.unlock()
            throw LogError(.writerUnusable, "the server is stopping")
        }
        pending.append(request)
        let leadsNow = !leaderActive && exclusiveWaiting == 0
        if leadsNow { leaderActive = true }
        condition.unlock()
        if !leadsNow {
            request.wake.wait()
        }
        if request.result == nil {
            // Either it found no leader, or a finished leader (or `exclusive`) made it the next.
            lead(request)
        }
        guard let result = request.result else { preconditionFailure("a led group gives every request a result") }
        return try result.get()
    }

    /// Writes every queued batch as one group (`own` among them), then wakes their callers and
    /// hands the lead to the first caller queued meanwhile. Called with `leaderActive` set for
    /// this thread.
    private func lead(_ own: Request) {
        condition.lock()
        let group = pending
        pending.removeAll(keepingCapacity: true)
        condition.unlock()
        let before = store.writer.lastSeq
        let results = store.appendGroup(group.map(\.batch), now: .now())
        let after = store.writer.lastSeq
        if after != before {
            afterCommit(after)
            feed.publish(after)
            // Every `serverIndexAfter` records, one merge keeps history reads short.
            store.updateSampleIndexIfBehind(after: Self.serverIndexAfter)
        }
        for (r, result) in zip(group, results) { r.result = result }
        condition.lock()
        let next = handOff()
        condition.unlock()
        for r in group where r !== own { r.wake.signal() }
        next?.wake.signal()
    }

    /// With `condition` held and no group being written by the caller any more: makes the first
    /// queued request the next leader (returned, to be signalled after unlocking), or, when none
    /// is queued or an `exclusive` caller waits, clears `leaderActive` and wakes those callers.
    private func handOff() -> Request? {
        if exclusiveWaiting == 0, let first = pending.first {
            leaderActive = true
            return first
        }
        leaderActive = false
        if exclusiveWaiting > 0 { condition.broadcast() }
        return nil
    }

    /// Appends records that are not sample events (tag records) on their own, durably; returns
    /// the seq of the first. Waits for the group in flight.
    func appendRecords(_ records: [NewRecord]) throws -> UInt64 {
        let first: UInt64 = try exclusive {
            if closed { throw LogError(.writerUnusable, "the server is stopping") }
            guard let result = try store.writer.append(records) else {
                throw LogError(.invalidRecord, "nothing to append")
            }
            afterCommit(result.lastSeq)
            return result.firstSeq
        }
        feed.publish(first + UInt64(records.count) - 1)
        return first
    }

    /// The seq of the last event about each of `ids` (0: none), as stored now.
    func lastSeqs(of ids: [SampleID]) -> [UInt64] {
        exclusive { ids.map { store.lastSeq(of: $0) } }
    }

    /// Whether an event with `eventID` is stored (false when the index cannot be read: the
    /// append's own duplicate check still holds).
    func isStored(eventID: String) -> Bool {
        exclusive { (try? store.writer.contains(eventID: eventID)) ?? false }
    }

    /// The last seq stored.
    var lastSeq: UInt64 {
        exclusive { store.writer.lastSeq }
    }

    /// How many samples are live now (the registry's count).
    var liveSamples: Int {
        exclusive { store.liveSampleCount }
    }

    /// Waits for the group in flight, refuses later appends, closes the store (releasing the
    /// writer lock).
    func close() throws {
        try exclusive {
            closed = true
            try store.close()
        }
    }

    /// Runs `body` with `condition` held and no group being written; queued appends wait for it
    /// and then go on (the last `exclusive` caller hands them a leader).
    private func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        exclusiveWaiting += 1
        while leaderActive { condition.wait() }
        exclusiveWaiting -= 1
        var next: Request?
        defer {
            if !leaderActive { next = handOff() }
            condition.unlock()
            next?.wake.signal()
        }
        return try body()
    }
}

/// The last committed seq, for readers that wait for new events (the event stream).
final class CommitFeed: @unchecked Sendable {
    // @unchecked: every field is read and written under `condition`.
    private let condition = NSCondition()
    private var last: UInt64
    private var stopped = false

    init(lastSeq: UInt64) { last = lastSeq }

    /// Records that everything through `seq` is durable and wakes the waiters.
    func publish(_ seq: UInt64) {
        condition.lock()
        last = max(last, seq)
        condition.broadcast()
        condition.unlock()
    }

    /// Wakes every waiter for good: the server is stopping.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a seq after `seq` is committed, the feed stops, or `timeout` seconds pass.
    /// Returns the last committed seq and whether the feed stopped.
    func wait(after seq: UInt64, timeout: Double) -> (lastSeq: UInt64, stopped: Bool) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while last <= seq && !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return (last, stopped)
    }

    var lastSeq: UInt64 {
        condition.lock(); defer { condition.unlock() }
        return last
    }
}
