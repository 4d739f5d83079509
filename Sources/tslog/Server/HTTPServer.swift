import EventLog
import Foundation

/// Accepts connections and serves them with a pool of workers, until `stop()`.
///
/// Connections wait in an `EventPoll` between requests; a `WorkerPool` thread serves each one
/// when its bytes arrive (see `Connection`), and the accepting thread also sweeps the
/// connections for read and idle timeouts every `sweepInterval` seconds.
///
/// The server adds transport, authentication and limits; what a route answers is its handler's
/// business. Over `maxConnections` a new connection is answered 503 and closed at once. `stop`
/// stops accepting and closes the connections waiting for a request; `run` then waits (up to
/// `stopGrace`) for the requests in flight to finish.
final class HTTPServer: @unchecked Sendable {
    // @unchecked: `router` and `tokens` are set before `run` and only read afterwards; the
    // counters are touched under `condition`, the registry under `registryLock`.
    let config: ServerConfiguration
    let listener: Socket
    let address: SocketAddress
    let wake: WakePipe
    let metrics: Metrics
    let accessLog: AccessLog
    let poll: EventPoll
    var router = Router()
    var tokens: TokenFile
    private let condition = NSCondition()
    private var active = 0
    private var stopping = false
    /// The open connections by descriptor (accepted and not yet closed).
    private let registryLock = NSLock()
    private var connections: [Int32: Connection] = [:]
    private var generation: UInt64 = 0
    private(set) var pool: WorkerPool!
    static let sweepInterval = 0.05
    /// Held so that, out of descriptors, a connection can still be taken to be refused.
    private let reserve = ReserveDescriptor()
    /// When the next "out of file descriptors" note may be written (acceptor thread only).
    private var nextDescriptorNote = 0.0

    init(listener: Socket, address: SocketAddress, config: ServerConfiguration, tokens: TokenFile,
         metrics: Metrics, accessLog: AccessLog) throws {
        self.listener = listener
        self.address = address
        self.config = config
        self.tokens = tokens
        self.metrics = metrics
        self.accessLog = accessLog
        self.wake = try WakePipe()
        self.poll = try EventPoll()
        do {
            try poll.add(wake.readDescriptor, key: WorkerPool.stopKey, oneShot: false)
        } catch {
            poll.close()
            wake.close()
            throw error
        }
        pool = WorkerPool(poll: poll, maxWorkers: config.maxConnections + 4) { [unowned self] key in serveReady(key) }
    }

    var isStopping: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopping
    }

    /// Stops accepting and wakes the acceptor and every waiting worker. Safe from any thread,
    /// more than once.
    func stop() {
        condition.lock()
        let first = !stopping
        stopping = true
        condition.unlock()
        if first {
            wake.wake()
            pool.stop()
        }
    }

    /// Accepts until `stop()`, then closes the connections waiting for a request, waits for
    /// the others to end and closes the listener.
    func run() {
        pool.start()
        var nextSweep = Clock.now + HTTPServer.sweepInterval
        while !isStopping {
            let ready = Readiness.wait([listener.rawValue, wake.readDescriptor], timeout: max(0, nextSweep - Clock.now))
            if ready[1] { break }
            if Clock.now >= nextSweep {
                sweep(now: Clock.now)
                pool.checkProgress(now: Clock.now)
                nextSweep = Clock.now + HTTPServer.sweepInterval
            }
            guard ready[0] else { continue }
            let socket: Socket
            do {
                switch try listener.accept() {
                case .connection(let accepted):
                    socket = accepted
                case .none:
                    Thread.sleep(forTimeInterval: 0.001)
                    continue
                case .outOfDescriptors(let errno):
                    refuseOutOfDescriptors(errno)
                    continue
                }
            } catch {
                accessLog.note("tslog serve: accept failed: \(error)")
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            condition.lock()
            let admitted = active < config.maxConnections
            if admitted { active += 1 }
            condition.unlock()
            guard admitted else {
                refuseOverLimit(socket)
                continue
            }
            metrics.connectionOpened()
            admit(socket, acceptedAt: Clock.now)
        }
        listener.close()
        // Connections waiting for (the rest of) a request are closed without an answer.
        sweep(now: .infinity)
        let deadline = Date(timeIntervalSinceNow: config.stopGrace)
        condition.lock()
        while active > 0 {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    /// Registers a new connection and lets it wait in the poll for its first request.
    private func admit(_ socket: Socket, acceptedAt: Double) {
        socket.setNoDelay()
        socket.setSendTimeout(config.sendTimeout)
        registryLock.lock()
        generation &+= 1
        let key = UInt64(UInt32(bitPattern: socket.rawValue)) | (generation & 0x7FFF_FFFF) << 32
        let connection = Connection(socket: socket, key: key, server: self, acceptedAt: acceptedAt)
        connections[socket.rawValue] = connection
        registryLock.unlock()
        if !connection.register() { connection.close() }
    }

    /// Serves the connection registered under `key`, if it is still the one and not taken;
    /// whether serving it blocked (`WorkerPool.blocking`).
    private func serveReady(_ key: UInt64) -> Bool {
        let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
        registryLock.lock()
        let connection = connections[fd]
        registryLock.unlock()
        guard let connection, connection.key == key, connection.claim() else { return false }
        return connection.serve()
    }

    /// Takes the armed connections whose deadline passed (every armed one when `now` is
    /// infinite) and ends them.
    private func sweep(now: Double) {
        registryLock.lock()
        let all = Array(connections.values)
        registryLock.unlock()
        for connection in all where connection.claimIfExpired(now: now) {
            if now.isInfinite { connection.close() } else { connection.expire() }
        }
    }

    /// Forgets a closed connection and closes its socket (called once per connection).
    func connectionEnded(_ connection: Connection) {
        registryLock.lock()
        // Removed before the descriptor is closed: after that its number may be reused.
        if connections[connection.socket.rawValue] === connection { connections[connection.socket.rawValue] = nil }
        registryLock.unlock()
        connection.socket.close()
        metrics.connectionClosed()
        condition.lock()
        active -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// 503 and close, without a thread.
    private func refuseOverLimit(_ socket: Socket) {
        refuse(socket, "too many connections (the limit is \(config.maxConnections)); try again")
    }

    /// The process is out of descriptors (`ulimit -n`, or the system's): a queued connection is
    /// accepted on the reserve descriptor, answered 503 and closed, so a client learns at once
    /// and the acceptor does not wake for it again and again; the connections already open are
    /// served on. Said on stderr once per minute. Without a reserve (none could be taken back
    /// since) the acceptor waits 50 ms.
    private func refuseOutOfDescriptors(_ errno: Errno) {
        let now = Clock.now
        if now >= nextDescriptorNote {
            nextDescriptorNote = now + 60
            accessLog.note("tslog serve: out of file descriptors (accept: \(errno)); refusing new connections with 503 until some close (raise `ulimit -n`, now \(SystemProcess.openFileLimit.map(String.init) ?? "unknown"))")
        }
        let refused = listener.acceptUsing(reserve) { socket in
            refuse(socket, "\(HTTPResponse.outOfDescriptors); try again")
        }
        if !refused { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// Answers `socket` 503 with `message` and closes it, without a thread.
    private func refuse(_ socket: Socket, _ message: String) {
        metrics.connectionRefused()
        socket.setSendTimeout(1)
        let response = HTTPResponse.error(503, message, headers: [("Retry-After", "1")])
        try? socket.sendAll(ResponseWriter.bytes(response, keepAlive: false))
        socket.shutdown()
        socket.close()
        finished(method: "-", target: "-", status: 503, bytes: response.body.count, seconds: 0, actor: nil)
    }

    /// Routes and authenticates `request`, then runs its handler. Returns the reply and who
    /// made the request.
    ///
    /// A `HEAD` is routed and handled as the `GET` of its target (RFC 9110 9.3.2: the same
    /// header fields, no body); the connection, which still sees `HEAD`, sends only the head.
    func dispatch(_ sent: HTTPRequest) -> (Reply, Caller) {
        var request = sent
        if request.method == "HEAD" { request.method = "GET" }
        let match = router.match(method: request.method, path: request.path)
        var caller = Caller()
        if case .found(.open, _) = match {
            // Open routes never need a token.
        } else {
            guard let header = request.header("authorization") else {
                return (.response(unauthorized("missing 'Authorization: Bearer TOKEN' header")), caller)
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, HTTPText.equalsLowercased(parts[0], "bearer") else {
                return (.response(unauthorized("the Authorization header must be 'Bearer TOKEN'")), caller)
            }
            let presented = Array(HTTPText.trimmed(parts[1]).utf8)
            guard let entry = tokens.entry(presented: presented) else {
                return (.response(unauthorized("unknown token")), caller)
            }
            caller = Caller(name: entry.name, role: entry.role)
        }
        switch match {
        case .notFound:
            return (.response(.error(404, "no such endpoint: \(request.method) \(RequestHeadParser.printable(request.path))")), caller)
        case .wrongMethod(let allowed):
            return (.response(.error(405, "\(request.method) is not allowed on \(request.path); use \(allowed.joined(separator: ", "))",
                                     headers: [("Allow", allowed.joined(separator: ", "))])), caller)
        case .found(let access, let handle):
            if access == .write, caller.role != .write {
                return (.response(.error(403, "the token of '\(caller.name ?? "-")' may only read; \(request.method) \(request.path) needs a write token")), caller)
            }
            do {
                return (try handle(request, caller), caller)
            } catch let error as HTTPProtocolError {
                return (.response(.error(error.status, error.message, parameter: error.parameter, header: error.header)), caller)
            } catch {
                return (.response(.failure(error)), caller)
            }
        }
    }

    private func unauthorized(_ message: String) -> HTTPResponse {
        .error(401, message, headers: [("WWW-Authenticate", "Bearer realm=\"tslog\"")])
    }

    /// Accounts for one answered request: metrics and the access log.
    func finished(method: String, target: String, status: Int, bytes: Int, seconds: Double, actor: String?) {
        metrics.requestFinished(status: status, seconds: seconds)
        accessLog.record(method: method, target: target, status: status, bytes: bytes, milliseconds: seconds * 1000, actor: actor)
    }
}
