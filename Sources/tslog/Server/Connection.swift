import EventLog
import Foundation

/// One client connection: its received bytes and where its next request stands. It holds no
/// thread: between requests (and while a request is still arriving) it waits in the server's
/// `EventPoll`, and a worker of the pool serves it when bytes arrive (`serve()`), reading only
/// what is already there, so a slow client never holds a worker. Keep-alive and pipelining;
/// closed on a protocol error, a timeout, `Connection: close` or a stop.
///
/// Timing: the first request must arrive completely within `readTimeout` of the accept; on a
/// kept-alive connection the clock starts at the first byte of each request (of a request
/// pipelined behind an append, when the append is answered), and idle time between requests is
/// bounded by `idleTimeout` (then the connection is closed without a response). The server's
/// sweeper enforces both (`claimIfExpired`, `expire`); it never takes a connection waiting for
/// its append's commit, which is not armed.
///
/// Ownership: exactly one thread works on a connection at a time. A worker owns it from a
/// successful `claim()` (after its readiness event) until it arms it again or closes it; the
/// sweeper and a stop take an armed connection the same way, so a readiness event that races
/// them finds it taken and leaves it alone.
final class Connection: @unchecked Sendable {
    // @unchecked: `state`, `deadline` and `requestTimesOut` are guarded by `lock`; every other
    // field is touched only by the thread that owns the connection (see above).
    let socket: Socket
    /// The key the connection is registered under: its descriptor and a generation, so a stale
    /// event for a reused descriptor number is never taken for this connection.
    let key: UInt64
    private unowned let server: HTTPServer
    private var config: ServerConfiguration { server.config }

    private enum State { case armed, busy, closed }
    private let lock = NSLock()
    private var state = State.busy
    /// While armed: when the connection times out.
    private var deadline = 0.0
    /// While armed: whether a timeout is a 408 (a request has begun) or a quiet close (idle).
    private var requestTimesOut = true

    /// Received bytes; `buffer[start...]` is not consumed yet.
    private var buffer: [UInt8] = []
    private var start = 0
    private static let receiveSize = 64 << 10
    /// What one `recv` fills.
    private var scratch = [UInt8](repeating: 0, count: Connection.receiveSize)
    /// When the request now arriving began (the accept for the first); nil between requests.
    private var requestStartedAt: Double?
    /// Whether the owner is a worker of the pool (which must be told before blocking), not the
    /// thread that answers a timeout.
    private var onWorker = false
    /// Whether the current `serve` ran a blocking section.
    private var blocked = false
    /// The head of the request now arriving, once it is complete, and its body's decoder.
    private var head: (request: HTTPRequest, framing: BodyFraming)?
    private var decoder: ChunkedDecoder?

    init(socket: Socket, key: UInt64, server: HTTPServer, acceptedAt: Double) {
        self.socket = socket
        self.key = key
        self.server = server
        self.requestStartedAt = acceptedAt
    }

    // MARK: Ownership

    /// Takes the connection for a worker after its readiness event; false when the sweeper or
    /// a stop took it first.
    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard state == .armed else { return false }
        state = .busy
        return true
    }

    /// Takes an armed connection whose deadline passed (or any armed one when `now` is
    /// infinite, for a stop); then the caller must `expire()` it.
    func claimIfExpired(now: Double) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard state == .armed, now >= deadline else { return false }
        state = .busy
        return true
    }

    /// Registers a new connection in the poll, armed for its first request; false when it
    /// cannot be (then the caller closes it).
    func register() -> Bool { arm(adding: true) }

    /// Waits in the poll for the next bytes, with the deadline that applies; false when it
    /// cannot (the server is stopping, or epoll refused): then the caller closes it.
    private func arm(adding: Bool = false) -> Bool {
        let now = Clock.now
        lock.lock(); defer { lock.unlock() }
        // Checked under `lock`: a stop sets the flag, then takes every armed connection, so a
        // connection is either armed before that sweep (and closed by it) or sees the flag here.
        guard !server.isStopping else { return false }
        if let started = requestStartedAt {
            deadline = started + config.readTimeout
            requestTimesOut = true
        } else {
            deadline = now + config.idleTimeout
            requestTimesOut = false
        }
        state = .armed
        do {
            if adding {
                try server.poll.add(socket.rawValue, key: key, oneShot: true)
            } else {
                try server.poll.rearm(socket.rawValue, key: key)
            }
        } catch {
            state = .busy
            return false
        }
        return true
    }

    // MARK: Serving

    /// Serves what has arrived: every complete request in the buffer, then arms the connection
    /// for more, or closes it. Called by the worker that claimed it (`onWorker`), or by the
    /// thread that answered an append when pipelined bytes wait; returns whether a part of it
    /// blocked (then the worker went through `WorkerPool.blocking`).
    ///
    /// Once it has answered a request it does not read the socket again but goes back to the
    /// poll, behind the connections already waiting there: a client that sends its next request
    /// the moment an answer arrives would otherwise keep the worker to itself while the others
    /// wait (at 64 connections that unfairness, not the work, made the slowest 1 % of GETs
    /// twice as slow as with a thread per connection).
    ///
    /// An append is answered later (`Reply.later`): the connection is handed to its answer,
    /// which sends the response once the group is durable and then arms the connection (or
    /// serves the pipelined requests already read); the worker returns at once, and the
    /// connection, neither armed nor closed meanwhile, is never timed out while it waits.
    @discardableResult
    func serve(onWorker: Bool = true) -> Bool {
        self.onWorker = onWorker
        blocked = false
        var answered = false
        while true {
            switch advance() {
            case .request(let request):
                answered = true
                let started = requestStartedAt ?? Clock.now
                requestStartedAt = start < buffer.count ? Clock.now : nil
                let keepAlive = request.wantsKeepAlive && !server.isStopping
                switch respond(to: request, keepAlive: keepAlive, started: started) {
                case .sent:
                    if !keepAlive || server.isStopping { close(); return leave() }
                case .failed:
                    close()
                    return leave()
                case .later(let begin, let caller):
                    // From the call of `begin` on, the answer owns the connection: nothing here
                    // touches it again — unless it was answered inside `begin`, on this thread (a
                    // lone client's batch, written by this worker): then serving goes on here.
                    let handOff = AnswerHandOff()
                    begin { [self] response in
                        answerLater(response, to: request, caller: caller, started: started, handOff: handOff)
                    }
                    guard let keepAlive = handOff.beginReturned() else { return leave() }
                    guard keepAlive, !server.isStopping else { close(); return leave() }
                    if requestStartedAt != nil { requestStartedAt = Clock.now }
                    answered = false
                    if start < buffer.count { continue }
                    switch awaitNextRequest() {
                    case .data: continue
                    case .closed: close(); return leave()
                    case .wouldBlock: if !arm() { close() }; return leave()
                    }
                }
            case .refused:
                close()
                return leave()
            case .incomplete:
                if answered {
                    if !arm() { close() }
                    return leave()
                }
                switch receiveAvailable() {
                case .data: continue
                case .closed: close(); return leave()
                case .wouldBlock: if !arm() { close() }; return leave()
                }
            }
        }
    }

    /// The end of a `serve`: whether it blocked.
    private func leave() -> Bool {
        onWorker = false
        return blocked
    }

    /// Sends an append's response from the thread that made it durable (the committer): without
    /// waiting when the socket's buffer takes it — the usual case — else from a thread of its
    /// own, so a client that does not read never holds the committer. Then the connection goes
    /// on as after any answer — or, when the answer came inside the `begin` of a `.later` on the
    /// worker's own thread (`handOff`), the worker goes on with it.
    private func answerLater(_ response: HTTPResponse, to request: HTTPRequest, caller: Caller, started: Double,
                             handOff: AnswerHandOff) {
        let keepAlive = request.wantsKeepAlive && !server.isStopping
        let bytes = ResponseWriter.bytes(response, keepAlive: keepAlive)
        server.finished(method: request.method, target: request.target, status: response.status,
                        bytes: response.body.count, seconds: Clock.now - started, actor: caller.name)
        let done: Int
        do {
            done = try bytes.withUnsafeBytes { raw in try socket.sendAvailable(raw) }
        } catch {
            return close()
        }
        guard done < bytes.count else {
            if handOff.answeredInBegin(keepAlive: keepAlive) { return }
            return carryOn(keepAlive: keepAlive)
        }
        let rest = Array(bytes[done...])
        Thread { [self] in
            guard (try? socket.sendAll(rest)) != nil else { return close() }
            carryOn(keepAlive: keepAlive)
        }.start()
    }

    /// After an append's response is sent: close, or serve the pipelined bytes already read
    /// (on a thread of Dispatch's, not the committer), or wait in the poll for more.
    private func carryOn(keepAlive: Bool) {
        guard keepAlive, !server.isStopping else { return close() }
        // A pipelined request that began arriving while this one waited for its commit gets
        // its whole read timeout from now: the server was not reading it meanwhile.
        if requestStartedAt != nil { requestStartedAt = Clock.now }
        if start < buffer.count {
            DispatchQueue.global().async { [self] in serve(onWorker: false) }
        } else if !arm() {
            close()
        }
    }

    /// Seconds a worker that just answered a lone client's append keeps reading its socket for
    /// the next request before it goes back to the poll. Handed back to the poll, the next
    /// request went to the other waiting worker while this one was still finishing: the two
    /// alternated request by request, contended for the pool's lock and moved between the cores
    /// (0.98 CPU migrations per request; 0.02 with the window). Only after an append written by
    /// the worker itself (no other client was writing), so under load no worker spins; and not
    /// in a process that may use one processor only, where the spin takes the core the client
    /// needs to send that request (server and `wrk -c1` under `taskset -c 0`, five pairs: median
    /// 2,245 req/s, p99 0.916 ms with the spin; 2,583 req/s, p99 0.721 ms without).
    static let lonePollWindow = Processors.usable > 1 ? 0.000_2 : 0

    /// Reads the socket until a request's bytes arrive, the peer closes, or `lonePollWindow`
    /// passes (`.wouldBlock`).
    private func awaitNextRequest() -> Receive {
        let until = Clock.now + Connection.lonePollWindow
        while true {
            let got = receiveAvailable()
            if got != .wouldBlock || Clock.now >= until { return got }
        }
    }

    /// Ends a connection the sweeper took: a request that did not arrive in time is answered
    /// 408 (then a lingering close, so on a thread of its own), an idle one closed quietly.
    func expire() {
        lock.lock()
        let answer = requestTimesOut
        lock.unlock()
        guard answer else { return close() }
        let method = head?.request.method ?? "-", target = head?.request.target ?? "-"
        Thread { [self] in
            refuse(HTTPProtocolError(status: 408, message: "the request did not arrive within \(config.readTimeout) s"),
                   method: method, target: target)
            close()
        }.start()
    }

    /// Closes the socket and tells the server (once; the owner calls it).
    func close() {
        lock.lock()
        let first = state != .closed
        state = .closed
        lock.unlock()
        guard first else { return }
        server.connectionEnded(self)
    }

    private enum Advance { case request(HTTPRequest), incomplete, refused }

    /// Takes the next complete request from the buffer, parsing only what is new: the head
    /// once, a chunked body through its decoder. A protocol error is answered here (`.refused`).
    private func advance() -> Advance {
        if head == nil {
            guard start < buffer.count else { return .incomplete }
            do {
                switch try RequestHeadParser.parse(buffer[start...], maxHeadBytes: config.maxHeadBytes, maxBody: config.maxBody) {
                case .complete(let r, let f, let consumed):
                    start += consumed
                    head = (r, f)
                    if f == .chunked { decoder = ChunkedDecoder(maxBody: config.maxBody) }
                    // Never to an HTTP/1.0 client, which would take a 1xx for the answer (RFC 9110 15.2).
                    if f != .none, r.isHTTP11, r.header("expect")?.lowercased() == "100-continue" {
                        guard send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .refused }
                    }
                case .incomplete:
                    return .incomplete
                }
            } catch {
                refuse(error, method: "-", target: "-")
                return .refused
            }
        }
        guard let (parsed, framing) = head else { return .incomplete }
        var request = parsed
        switch framing {
        case .none:
            break
        case .length(let n):
            guard buffer.count - start >= n else { return .incomplete }
            request.body = Array(buffer[start..<(start + n)])
            start += n
        case .chunked:
            guard var d = decoder else { return .refused }
            do {
                start += try d.feed(buffer[start...])
            } catch {
                refuse(error, method: request.method, target: request.target)
                return .refused
            }
            decoder = d
            guard d.isComplete else { return .incomplete }
            request.body = d.body
        }
        head = nil
        decoder = nil
        compact()
        return .request(request)
    }

    private enum Receive { case data, closed, wouldBlock }

    /// Appends what has arrived on the socket, without waiting.
    private func receiveAvailable() -> Receive {
        let n: Int?
        do {
            n = try scratch.withUnsafeMutableBytes { raw in try socket.receiveAvailable(into: raw) }
        } catch {
            return .closed
        }
        guard let n else { return .wouldBlock }
        if n == 0 { return .closed }
        if start > 0 && (start == buffer.count || start >= Connection.receiveSize) { compact() }
        if requestStartedAt == nil { requestStartedAt = Clock.now }
        buffer.append(contentsOf: scratch[0..<n])
        return .data
    }

    /// Drops the consumed bytes from the front of the buffer.
    private func compact() {
        guard start > 0 else { return }
        buffer.removeFirst(start)
        start = 0
    }

    /// Answers a protocol error (the connection is closed afterwards).
    private func refuse(_ error: HTTPProtocolError, method: String, target: String) {
        let response = HTTPResponse.error(error.status, error.message, parameter: error.parameter, header: error.header)
        server.finished(method: method, target: target, status: error.status, bytes: response.body.count,
                        seconds: 0, actor: nil)
        guard send(ResponseWriter.bytes(response, keepAlive: false)) else { return }
        blocking { lingeringClose() }
    }

    /// Sends every byte. Waits only when the socket's buffer is full (a large body, a client
    /// that does not read), and then as a blocking section of the pool.
    private func send(_ bytes: [UInt8]) -> Bool {
        let done: Int
        do {
            done = try bytes.withUnsafeBytes { raw in try socket.sendAvailable(raw) }
        } catch {
            return false
        }
        guard done < bytes.count else { return true }
        let rest = Array(bytes[done...])
        return blocking { (try? socket.sendAll(rest)) != nil }
    }

    /// Runs `body`, which may block for long, telling the pool when the owner is a worker.
    private func blocking<T>(_ body: () -> T) -> T {
        guard onWorker else { return body() }
        blocked = true
        return server.pool.blocking(body)
    }

    /// Before closing after a refusal: end our side, then read and drop what the client still
    /// sends for a moment. Closing with unread bytes makes the kernel reset the connection, and
    /// a reset can destroy the response before the client has read it.
    private func lingeringClose() {
        socket.shutdownWrite()
        let deadline = Clock.now + 1
        var dropped = 0
        while dropped < 1 << 20 {
            let remaining = deadline - Clock.now
            guard remaining > 0 else { return }
            guard Readiness.wait([socket.rawValue], timeout: remaining)[0] else { return }
            let n = (try? scratch.withUnsafeMutableBytes { raw in try socket.receive(into: raw) }) ?? 0
            if n <= 0 { return }
            dropped += n
        }
    }

    private enum Responded {
        case sent, failed
        /// The answer comes later: call `begin` with the function that sends it.
        case later((_ answer: @escaping (HTTPResponse) -> Void) -> Void, Caller)
    }

    /// Dispatches and sends the answer (or says it comes later). A request that may wait — a
    /// write other than an append, which is answered later — runs as a blocking section of
    /// the pool.
    private func respond(to request: HTTPRequest, keepAlive: Bool, started: Double) -> Responded {
        if request.method == "GET" || request.method == "HEAD" || !server.router.mayBlock(method: request.method, path: request.path) {
            return respondNow(to: request, keepAlive: keepAlive, started: started)
        }
        return blocking { respondNow(to: request, keepAlive: keepAlive, started: started) }
    }

    private func respondNow(to request: HTTPRequest, keepAlive: Bool, started: Double) -> Responded {
        let (reply, caller) = server.dispatch(request)
        switch reply {
        case .response(let response):
            let bytes = ResponseWriter.bytes(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
            // Accounted before sending, so a client that reads /metrics next sees this request.
            server.finished(method: request.method, target: request.target, status: response.status,
                            bytes: response.body.count, seconds: Clock.now - started, actor: caller.name)
            return send(bytes) ? .sent : .failed
        case .later(let begin):
            return .later(begin, caller)
        case .stream(let status, let headers, let body):
            // A stream holds its worker until the client leaves or the server stops.
            return blocking {
                var head = ResponseWriter.head(status: status, headers: headers)
                head += "Connection: close\r\n\r\n".utf8
                guard (try? socket.sendAll(head)) != nil else { return .failed }
                if request.method == "HEAD" {
                    server.finished(method: request.method, target: request.target, status: status,
                                    bytes: 0, seconds: Clock.now - started, actor: caller.name)
                    return .failed
                }
                let sink = SocketSink(socket: socket)
                body(sink)
                server.finished(method: request.method, target: request.target, status: status,
                                bytes: sink.sent, seconds: Clock.now - started, actor: caller.name)
                return .failed
            }
        }
    }
}

/// Who goes on with a connection whose append was answered later: the thread that sent the
/// answer, or — when the answer was sent inside `begin` on the worker's own thread — that
/// worker, once `begin` returns.
private final class AnswerHandOff: @unchecked Sendable {
    // @unchecked: `state` is only touched with `lock` held.
    private enum State { case inBegin, answered(keepAlive: Bool), returned }
    private let lock = NSLock()
    private var state = State.inBegin

    /// Called by the answer after sending: true when `begin` has not returned yet (then the
    /// worker goes on with the connection; the caller must not touch it again).
    func answeredInBegin(keepAlive: Bool) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard case .inBegin = state else { return false }
        state = .answered(keepAlive: keepAlive)
        return true
    }

    /// Called by the worker when `begin` returns: the answer's `keepAlive` when it was sent
    /// meanwhile (the worker goes on), nil when the answer comes later and goes on by itself.
    func beginReturned() -> Bool? {
        lock.lock(); defer { lock.unlock() }
        if case .answered(let keepAlive) = state { return keepAlive }
        state = .returned
        return nil
    }
}

/// A stream's writes straight to the socket.
private final class SocketSink: StreamSink {
    let socket: Socket
    var sent = 0
    init(socket: Socket) { self.socket = socket }

    func write(_ bytes: [UInt8]) -> Bool {
        guard (try? socket.sendAll(bytes)) != nil else { return false }
        sent += bytes.count
        return true
    }
}

/// Monotonic seconds (for deadlines and latencies).
enum Clock {
    static var now: Double { ProcessInfo.processInfo.systemUptime }
}
