import EventLog
import Foundation

/// The threads that serve connections: each waits in the server's `EventPoll` for one ready
/// connection, serves what it sent, and waits again. A worker that finds more ready connections
/// when it comes back takes the next one without sleeping, so under load a few threads serve
/// many connections with few context switches — instead of one thread per connection, each
/// woken for each request.
///
/// A handler may block for long: an append waits for its group's fsync, an event stream runs
/// until the client leaves. So the pool grows: whenever a worker takes a connection and fewer
/// than `minSpare` workers are left waiting, it starts another (up to `maxWorkers`, which the
/// server sets above its connection limit, so every connection can always be served). A worker
/// that waited `idleExit` seconds without an event leaves while more than `maxSpare` wait.
/// On a stop the stop pipe becomes readable for good (a level registration with `stopKey`):
/// every waiting worker, and every busy one once it is done, leaves.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: the counts are only touched with `lock` held; the rest never changes.
    static let stopKey = UInt64.max
    private let poll: EventPoll
    private let serve: (UInt64) -> Void
    private let lock = NSLock()
    private var waiting = 0
    private var total = 0
    let maxWorkers: Int
    let minSpare = 1
    let maxSpare = 4
    let idleExit = 5.0

    /// `serve` gets the key of each ready descriptor (never `stopKey`).
    init(poll: EventPoll, maxWorkers: Int, serve: @escaping (UInt64) -> Void) {
        self.poll = poll
        self.maxWorkers = max(2, maxWorkers)
        self.serve = serve
    }

    /// Starts `count` workers.
    func start(_ count: Int) {
        lock.lock()
        let n = min(count, maxWorkers - total)
        total += n
        waiting += n
        lock.unlock()
        for _ in 0..<max(0, n) { spawn() }
    }

    private func spawn() {
        let thread = Thread { [self] in work() }
        thread.start()
    }

    /// One worker: `waiting` counts it from before it waits until it takes an event.
    private func work() {
        while true {
            let key = poll.waitOne(timeout: idleExit)
            lock.lock()
            guard let key, key != WorkerPool.stopKey else {
                // A stop, or an idle spell: leave when the stop pipe woke us or enough others wait.
                if key == WorkerPool.stopKey || waiting > maxSpare {
                    waiting -= 1
                    total -= 1
                    lock.unlock()
                    return
                }
                lock.unlock()
                continue
            }
            waiting -= 1
            let grow = waiting < minSpare && total < maxWorkers
            if grow {
                total += 1
                waiting += 1
            }
            lock.unlock()
            if grow { spawn() }
            serve(key)
            lock.lock()
            waiting += 1
            lock.unlock()
        }
    }
}
