import EventLog
import Foundation
import SampleDomain

/// The server's one write path: every request's batch goes through here, and batches that
/// arrive while a write is in flight share the next write and its one fsync (group commit).
///
/// One thread of the appender's own, the committer, does the writing: it takes every batch
/// queued so far, has `SampleStore.appendGroup` validate them in order and write them with one
/// fsync, calls each batch's completion, in queue order, with its receipts, and then brings the
/// projections up to date — the completions run inside `afterCommit`, with reads held back until
/// the fold is done, so the answers leave without waiting for the fold and a read sent after an
/// answer still sees its events. Batches queued meanwhile form the next group. A completion
/// runs only once its records are durable, so a 2xx always means fsynced.
///
/// `submit` does not wait: the server's worker that read a POST queues its batch and goes back
/// to serving other connections, and the committer answers the request (see `Connection`). With
/// a leader among the callers instead (each caller blocked on a semaphore, the first of the next
/// group leading it), 64 connections made 70 threads compete for two cores after each commit,
/// and the next group's leader — woken last — started its write a median 2.3 ms after the
/// previous fsync ended: the disk was idle more than half of the time.
///
/// One exception, for a lone client: when nothing is being written or queued and the last group
/// held a single batch, `submit` writes the batch itself, on the caller's thread, and calls its
/// completion there (a group of one, as the committer would have written it). At one connection
/// that saves waking the committer for every request — two runnable threads per request instead
/// of three, as with PostgreSQL's backend; with the worker's socket poll after it (`Connection`)
/// `wrk -c1` POSTs went from 2,272 to 2,532 req/s, p50 0.407 → 0.353 ms (docs/performance.md).
/// Under concurrency the groups hold many batches, so callers queue as before and no request is
/// split off into a group of its own.
final class EventAppender: @unchecked Sendable {
    // @unchecked: `store` is used only by the committer while it writes a group (or an
    // `exclusive` body, which runs while no group is being written); the rest only under
    // `condition`.
    private let store: SampleStore
    private let condition = NSCondition()
    private var pending: [Request] = []
    /// Whether a group is being written now (by the committer, or by a caller of `submit`).
    private var writing = false
    /// How many batches the last group held (1 at the start, as for a lone client).
    private var lastGroupSize = 1
    /// Whether the committer should extend the segment's padding (set after a group a caller wrote).
    private var padWanted = false
    /// Callers of `exclusive` waiting for the group being written; while any waits, no new group
    /// starts (they would otherwise wait as long as appends keep coming).
    private var exclusiveWaiting = 0
    private var closed = false
    /// Signalled by the committer when it has answered everything queued before `close`.
    private let committerDone = DispatchSemaphore(value: 0)
    /// Told the new last seq after every group that appended something.
    let feed: CommitFeed
    /// Called by the writer of a group that appended, with the group's last seq and its
    /// completions: it runs them, then brings the projections to that seq, holding reads back
    /// from the start (`LiveState.catchUp(through:committed:first:)`).
    private let afterCommit: @Sendable (UInt64, () -> Void) -> Void

    /// What a batch's caller is told, on the committer's thread.
    typealias Completion = (Result<BatchReceipt, Error>) -> Void

    private struct Request {
        let batch: GroupBatch
        let completion: Completion
    }

    /// Records past the per-sample index after which the server merges them into it: one merge
    /// (a rewrite of the file, on a thread of its own: about a second on a 1 M-sample log) per
    /// this many appends, and at most this many records for a history read to scan besides the
    /// sample's own.
    static let serverIndexAfter: UInt64 = 65_536

    /// Takes over `store` (and brings its per-sample index up to date first: once, on a log
    /// that has none, a read of the whole log), and starts the committer.
    init(store: SampleStore, feed: CommitFeed,
         afterCommit: @escaping @Sendable (UInt64, () -> Void) -> Void = { _, complete in complete() }) {
        store.updateSampleIndexIfBehind()
        self.store = store
        self.feed = feed
        self.afterCommit = afterCommit
        Thread { [self] in commitGroups() }.start()
    }

    /// Queues `batch` for the next group and returns at once; `completion` gets its receipts
    /// (or the error) on the committer's thread once the group is durable — or at once, on the
    /// caller's thread, when the appender is closed. A lone client's batch is written by the
    /// caller instead, and its completion called before `submit` returns (see the type's
    /// comment). A completion must not block for long: the next group waits for it — and it
    /// must not read the live projections, which wait for the fold that follows it.
    func submit(_ batch: GroupBatch, completion: @escaping Completion) {
        condition.lock()
        if closed {
            condition.unlock()
            return completion(.failure(LogError(.writerUnusable, "the server is stopping")))
        }
        if !writing && pending.isEmpty && exclusiveWaiting == 0 && lastGroupSize == 1 {
            writing = true
            condition.unlock()
            return writeAlone(Request(batch: batch, completion: completion))
        }
        pending.append(Request(batch: batch, completion: completion))
        if pending.count == 1 { condition.broadcast() }
        condition.unlock()
    }

    /// Writes one batch as a group of its own on the caller's thread (`writing` already set),
    /// answers it, and then wakes the committer when batches queued meanwhile, an `exclusive`
    /// caller or the padding wait for it.
    private func writeAlone(_ request: Request) {
        commit([request.batch]) { results in request.completion(results[0]) }
        let padDue = store.writer.isPaddingDue
        condition.lock()
        writing = false
        if padDue { padWanted = true }
        if !pending.isEmpty || exclusiveWaiting > 0 || padWanted { condition.broadcast() }
        condition.unlock()
    }

    /// Validates and appends `batch`, sharing the write with concurrent callers; returns once
    /// it is durable (for callers that may block: the desk, the webhook).
    func append(_ batch: GroupBatch) throws -> BatchReceipt {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(batch) { result in
            box.result = result
            done.signal()
        }
        done.wait()
        guard let result = box.result else { preconditionFailure("a completion always has a result") }
        return try result.get()
    }

    private final class ResultBox: @unchecked Sendable {
        // @unchecked: written by the completion before its semaphore is signalled, read after.
        var result: Result<BatchReceipt, Error>?
    }

    /// The committer: writes queued batches group after group until `close`, then fails what
    /// is still queued and ends.
    private func commitGroups() {
        while true {
            condition.lock()
            while !closed && (writing || exclusiveWaiting > 0 || (pending.isEmpty && !padWanted)) { condition.wait() }
            if !closed && pending.isEmpty {
                padWanted = false
                condition.unlock()
                padIfIdle()
                continue
            }
            let group = pending
            pending.removeAll(keepingCapacity: true)
            let stopping = closed
            writing = !stopping
            lastGroupSize = group.count
            condition.unlock()
            if stopping {
                for r in group { r.completion(.failure(LogError(.writerUnusable, "the server is stopping"))) }
                committerDone.signal()
                return
            }
            commit(group.map(\.batch)) { results in
                for (r, result) in zip(group, results) { r.completion(result) }
            }
            condition.lock()
            writing = false
            if exclusiveWaiting > 0 { condition.broadcast() }
            condition.unlock()
            padIfIdle()
        }
    }

    /// Lets the writer extend the segment's zero padding (`LogWriter.padIfDue`) when no batch is
    /// queued and no `exclusive` caller waits: its write and sync then delay no answer. Under a
    /// load that never leaves the queue empty the padding runs out and appends grow the file,
    /// as without padding.
    private func padIfIdle() {
        condition.lock()
        guard !writing, pending.isEmpty, exclusiveWaiting == 0, !closed else { return condition.unlock() }
        writing = true
        condition.unlock()
        store.writer.padIfDue()
        condition.lock()
        writing = false
        if exclusiveWaiting > 0 || !pending.isEmpty { condition.broadcast() }
        condition.unlock()
    }

    /// Writes one group with one fsync, gives `answer` each batch's result in order, and brings
    /// the projections (answering first: `afterCommit`) and the feed up to date.
    private func commit(_ batches: [GroupBatch], answer: ([Result<BatchReceipt, Error>]) -> Void) {
        let before = store.writer.lastSeq
        let results = store.appendGroup(batches, now: .now())
        let after = store.writer.lastSeq
        guard after != before else { return answer(results) }
        afterCommit(after) { answer(results) }
        feed.publish(after)
        // Every `serverIndexAfter` records, one merge keeps history reads short; it runs on a
        // thread of its own, so no group waits for it.
        store.updateSampleIndexInBackground(after: Self.serverIndexAfter)
    }

    /// Appends records that are not sample events (tag records) on their own, durably; returns
    /// the seq of the first. Waits for the group in flight.
    func appendRecords(_ records: [NewRecord]) throws -> UInt64 {
        let first: UInt64 = try exclusive {
            if closed { throw LogError(.writerUnusable, "the server is stopping") }
            guard let result = try store.writer.append(records) else {
                throw LogError(.invalidRecord, "nothing to append")
            }
            afterCommit(result.lastSeq) {}
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

    /// Waits for the group being written, refuses later batches (those still queued are
    /// answered with an error), closes the store (releasing the writer lock) and waits for the
    /// committer to end.
    func close() throws {
        defer {
            committerDone.wait()
            committerDone.signal()  // for a later `close`
        }
        try exclusive {
            closed = true
            condition.broadcast()
            try store.close()
        }
    }

    /// Runs `body` with `condition` held and no group being written; queued batches wait for it
    /// and then go on.
    private func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        exclusiveWaiting += 1
        while writing { condition.wait() }
        exclusiveWaiting -= 1
        defer {
            if exclusiveWaiting == 0 && !pending.isEmpty { condition.broadcast() }
            condition.unlock()
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
