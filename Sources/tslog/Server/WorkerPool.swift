import EventLog
import Foundation

/// The threads that serve connections: each waits in the server's `EventPoll` for one ready
/// connection, serves what it sent, and waits again.
///
/// Only `target` workers (one per core, at least two) compete for ready connections at a time:
/// a worker that comes back while others are ready takes the next one without sleeping, so under
/// load a few threads serve many connections with few context switches — instead of one thread
/// per connection, each woken for each request, and all of them sharing two cores.
///
/// A worker about to block for long (a webhook or desk write waiting for its group's fsync — `POST
/// /v1/events` does not wait, see `Connection`, except a lone client's, which its worker writes
/// itself: one fsync, one worker at a time, not marked — an event stream,
/// a send to a client that does not read, a lingering close) says so with `blocking`: another
/// worker takes its place in the poll (a parked one, else a new thread, up to `maxWorkers`,
/// which the server sets above its connection limit), so a blocked request never starves the
/// others. Back from blocking, a worker finishes its connection and returns to the poll; a
/// worker that served without blocking parks if the poll already has `target` workers, so the
/// extra ones leave the poll as soon as the load is reads again. A CPU-heavy request (a large export) is not marked; instead,
/// when no worker has come back for `stallAfter` seconds, `checkProgress` adds one.
/// On a stop the stop pipe becomes readable for good (a level registration with `stopKey`):
/// every waiting worker, and every busy one once it is done, leaves, and parked ones too.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: the counts are only touched with `condition` held; the rest never changes.
    static let stopKey = UInt64.max
    private let poll: EventPoll
    private let serve: (UInt64) -> Bool
    private let condition = NSCondition()
    /// Workers waiting in the poll, and serving without blocking: together they aim at `target`.
    private var waiting = 0
    private var serving = 0
    /// Workers parked, waiting to be handed a place in the poll (`handOffs` places are owed to them).
    private var parked = 0
    private var handOffs = 0
    private var total = 0
    private var stopped = false
    /// When a worker last took or finished a connection.
    private var lastProgress = Clock.now
    let target: Int
    let maxWorkers: Int
    /// Seconds a parked worker waits for a place before it leaves.
    let parkedExit = 10.0
    /// Seconds without progress, with every worker busy, before `checkProgress` adds one.
    let stallAfter = 0.1

    /// `serve` gets the key of each ready descriptor (never `stopKey`) and says whether it ran
    /// a `blocking` section.
    init(poll: EventPoll, maxWorkers: Int, serve: @escaping (UInt64) -> Bool) {
        self.poll = poll
        self.target = max(2, Processors.usable)
        self.maxWorkers = max(target, maxWorkers)
        self.serve = serve
    }

    /// Starts the `target` workers.
    func start() {
        condition.lock()
        let n = target - waiting - serving
        waiting += n
        total += n
        condition.unlock()
        for _ in 0..<max(0, n) { Thread { [self] in work() }.start() }
    }

    /// Runs `body`, which may block for long, with another worker taking this one's place in
    /// the poll meanwhile. Only for a worker's own thread, inside `serve`.
    func blocking<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        serving -= 1
        if waiting + serving < target { addPlace() }
        condition.unlock()
        defer {
            condition.lock()
            serving += 1
            condition.unlock()
        }
        return try body()
    }

    /// Adds a worker when all of them have been busy for `stallAfter` seconds (a CPU-heavy
    /// request, or a blocking one that was not marked). Called by the server's sweeper.
    func checkProgress(now: Double) {
        condition.lock()
        if !stopped, waiting == 0, now - lastProgress > stallAfter {
            lastProgress = now
            addPlace()
        }
        condition.unlock()
    }

    /// Wakes every parked worker to leave (after a stop; the poll's stop pipe ends the others).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// One more worker in the poll: a parked one if any, else a new thread. With `condition` held.
    private func addPlace() {
        if parked > handOffs {
            handOffs += 1
            waiting += 1
            condition.signal()
        } else if total < maxWorkers {
            total += 1
            waiting += 1
            Thread { [self] in work() }.start()
        }
    }

    /// One worker: counted in `waiting` whenever it is in the poll or on its way there.
    private func work() {
        while true {
            let key = poll.waitOne(timeout: nil)
            guard let key else { continue }  // a signal interrupted the wait
            condition.lock()
            guard key != WorkerPool.stopKey else {
                waiting -= 1
                total -= 1
                condition.unlock()
                return
            }
            waiting -= 1
            serving += 1
            lastProgress = Clock.now
            condition.unlock()
            let blocked = serve(key)
            condition.lock()
            serving -= 1
            lastProgress = Clock.now
            if !blocked && waiting + serving >= target {
                // The poll has its workers (some were added while others blocked): park until
                // needed. A worker back from blocking returns to the poll instead, so under a
                // load of appends the next request finds it there rather than waking a parked
                // one; the extra workers park as they serve reads.
                guard park() else {
                    total -= 1
                    condition.unlock()
                    return
                }
            } else {
                waiting += 1
            }
            condition.unlock()
        }
    }

    /// Parks the calling worker (with `condition` held) until a place is handed to it (true:
    /// `waiting` already counts it) or it waited `parkedExit` seconds or the pool stopped (false).
    private func park() -> Bool {
        parked += 1
        defer { parked -= 1 }
        let deadline = Date(timeIntervalSinceNow: parkedExit)
        while handOffs == 0 && !stopped {
            if !condition.wait(until: deadline) { break }
        }
        guard handOffs > 0 else { return false }
        handOffs -= 1
        return true
    }
}
