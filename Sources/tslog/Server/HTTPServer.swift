import EventLog
import Foundation

/// Accepts connections and serves each on its own thread, until `stop()`.
///
/// The server adds transport, authentication and limits; what a route answers is its handler's
/// business. Over `maxConnections` a new connection is answered 503 and closed at once. `stop`
/// stops accepting; `run` then waits (up to `stopGrace`) for the requests in flight to finish.
final class HTTPServer: @unchecked Sendable {
    // @unchecked: `router` and `tokens` are set before `run` and only read afterwards; the
    // counters are touched under `condition`.
    let config: ServerConfiguration
    let listener: Socket
    let address: SocketAddress
    let wake: WakePipe
    let metrics: Metrics
    let accessLog: AccessLog
    var router = Router()
    var tokens: TokenFile
    private let condition = NSCondition()
    private var active = 0
    private var stopping = false

    init(listener: Socket, address: SocketAddress, config: ServerConfiguration, tokens: TokenFile,
         metrics: Metrics, accessLog: AccessLog) throws {
        self.listener = listener
        self.address = address
        self.config = config
        self.tokens = tokens
        self.metrics = metrics
        self.accessLog = accessLog
        self.wake = try WakePipe()
    }

    var isStopping: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopping
    }

    /// Stops accepting and wakes every connection waiting for a request. Safe from any thread,
    /// more than once.
    func stop() {
        condition.lock()
        let first = !stopping
        stopping = true
        condition.unlock()
        if first { wake.wake() }
    }

    /// Accepts until `stop()`, then waits for the connections to end and closes the listener.
    func run() {
        while !isStopping {
            let ready = Readiness.wait([listener.rawValue, wake.readDescriptor], timeout: nil)
            if ready[1] { break }
            guard ready[0] else { continue }
            let accepted: Socket?
            do {
                accepted = try listener.accept()
            } catch {
                accessLog.note("tslog serve: accept failed: \(error)")
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            guard let socket = accepted else {
                Thread.sleep(forTimeInterval: 0.001)
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
            let acceptedAt = Clock.now
            let thread = Thread { [self] in
                Connection(socket: socket, server: self).run(acceptedAt: acceptedAt)
                metrics.connectionClosed()
                condition.lock()
                active -= 1
                condition.broadcast()
                condition.unlock()
            }
            thread.start()
        }
        listener.close()
        let deadline = Date(timeIntervalSinceNow: config.stopGrace)
        condition.lock()
        while active > 0 {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    /// 503 and close, without a thread.
    private func refuseOverLimit(_ socket: Socket) {
        metrics.connectionRefused()
        socket.setSendTimeout(1)
        let response = HTTPResponse.error(503, "too many connections (the limit is \(config.maxConnections)); try again",
                                          headers: [("Retry-After", "1")])
        try? socket.sendAll(ResponseWriter.bytes(response, keepAlive: false))
        socket.shutdown()
        socket.close()
        finished(method: "-", target: "-", status: 503, bytes: response.body.count, seconds: 0, actor: nil)
    }

    /// Routes and authenticates `request`, then runs its handler. Returns the reply and who
    /// made the request.
    func dispatch(_ request: HTTPRequest) -> (Reply, Caller) {
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
                return (.response(.error(error.status, error.message)), caller)
            } catch {
                return (.response(.error(500, "\(error)")), caller)
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
