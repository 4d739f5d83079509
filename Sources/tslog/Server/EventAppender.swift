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
final class EventAppender: @unchecked Sendable {
    // @unchecked: `store` is used only by the single leader; the rest only under `condition`.
    private let store: SampleStore
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var leaderActive = false
    private var closed = false
    /// Told the new last seq after every group that appended something.
    let feed: CommitFeed
    /// Called by the leader after a group that appended, before the callers are woken.
    private let afterCommit: @Sendable (UInt64) -> Void

    private final class Request {
        let batch: GroupBatch
        var result: Result<BatchReceipt, Error>?
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
        while request.result == nil {
            if leaderActive {
                condition.wait()
                continue
            }
            leaderActive = true
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
            condition.lock()
            for (r, result) in zip(group, results) { r.result = result }
            leaderActive = false
            condition.broadcast()
        }
        condition.unlock()
        guard let result = request.result else { preconditionFailure("the loop ends only with a result") }
        return try result.get()
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

    private func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        while leaderActive { condition.wait() }
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
