import EventLog
import Foundation

/// One client connection, served on its own thread: reads requests (keep-alive, pipelining),
/// answers each, and closes on a protocol error, a timeout, `Connection: close` or a stop.
///
/// Timing: the first request must arrive completely within `readTimeout` of the accept; on a
/// kept-alive connection the clock starts at the first byte of each request (idle time between
/// requests is bounded by `idleTimeout`, then the connection is closed without a response).
final class Connection {
    private let socket: Socket
    private let server: HTTPServer
    private var config: ServerConfiguration { server.config }
    /// Received bytes; `buffer[start...]` is not consumed yet.
    private var buffer: [UInt8] = []
    private var start = 0
    private static let receiveSize = 64 << 10
    /// What one `recv` fills.
    private var scratch = [UInt8](repeating: 0, count: Connection.receiveSize)

    init(socket: Socket, server: HTTPServer) {
        self.socket = socket
        self.server = server
    }

    private enum Fill { case data, closed, timeout, stopped }

    /// Serves requests until the connection ends; always closes the socket.
    func run(acceptedAt: Double) {
        socket.setNoDelay()
        socket.setSendTimeout(config.sendTimeout)
        defer { socket.close() }
        var first = true
        while !server.isStopping {
            var deadline: Double
            if first {
                deadline = acceptedAt + config.readTimeout
            } else {
                if start == buffer.count {
                    switch fill(until: Clock.now + config.idleTimeout) {
                    case .data: break
                    case .closed, .timeout, .stopped: return
                    }
                }
                deadline = Clock.now + config.readTimeout
            }
            first = false
            let received = Clock.now
            guard let request = readRequest(deadline: deadline) else { return }
            let keepAlive = request.wantsKeepAlive && !server.isStopping
            if !respond(to: request, keepAlive: keepAlive, started: received) || !keepAlive { return }
        }
    }

    /// Reads one complete request, answering a protocol error or timeout itself (then nil).
    private func readRequest(deadline: Double) -> HTTPRequest? {
        var request: HTTPRequest
        var framing: BodyFraming
        while true {
            do {
                switch try RequestHeadParser.parse(buffer[start...], maxHeadBytes: config.maxHeadBytes, maxBody: config.maxBody) {
                case .complete(let r, let f, let consumed):
                    request = r; framing = f; start += consumed
                case .incomplete:
                    guard waitForMore(deadline: deadline) else { return nil }
                    continue
                }
            } catch {
                refuse(error, method: "-", target: "-")
                return nil
            }
            break
        }
        if framing != .none, request.header("expect")?.lowercased() == "100-continue" {
            guard (try? socket.sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))) != nil else { return nil }
        }
        switch framing {
        case .none:
            break
        case .length(let n):
            while buffer.count - start < n {
                guard waitForMore(deadline: deadline, request: request) else { return nil }
            }
            request.body = Array(buffer[start..<(start + n)])
            start += n
        case .chunked:
            var decoder = ChunkedDecoder(maxBody: config.maxBody)
            while !decoder.isComplete {
                do {
                    start += try decoder.feed(buffer[start...])
                } catch {
                    refuse(error, method: request.method, target: request.target)
                    return nil
                }
                if !decoder.isComplete { guard waitForMore(deadline: deadline, request: request) else { return nil } }
            }
            request.body = decoder.body
        }
        compact()
        return request
    }

    /// Receives more bytes before `deadline`. On a timeout answers 408; false when the request
    /// cannot continue (timeout, peer closed, server stopping).
    private func waitForMore(deadline: Double, request: HTTPRequest? = nil) -> Bool {
        switch fill(until: deadline) {
        case .data: return true
        case .closed, .stopped: return false
        case .timeout:
            refuse(HTTPProtocolError(status: 408, message: "the request did not arrive within \(config.readTimeout) s"),
                   method: request?.method ?? "-", target: request?.target ?? "-")
            return false
        }
    }

    private func fill(until deadline: Double) -> Fill {
        while true {
            let remaining = deadline - Clock.now
            if remaining <= 0 { return .timeout }
            let ready = Readiness.wait([socket.rawValue, server.wake.readDescriptor], timeout: remaining)
            if ready[1] { return .stopped }
            guard ready[0] else { continue }
            let n: Int
            do {
                n = try scratch.withUnsafeMutableBytes { raw in try socket.receive(into: raw) }
            } catch {
                return .closed
            }
            if start > 0 && (start == buffer.count || start >= Connection.receiveSize) { compact() }
            buffer.append(contentsOf: scratch[0..<n])
            return n == 0 ? .closed : .data
        }
    }

    /// Drops the consumed bytes from the front of the buffer.
    private func compact() {
        guard start > 0 else { return }
        buffer.removeFirst(start)
        start = 0
    }

    /// Answers a protocol error (always closing the connection afterwards).
    private func refuse(_ error: HTTPProtocolError, method: String, target: String) {
        let response = HTTPResponse.error(error.status, error.message)
        server.finished(method: method, target: target, status: error.status, bytes: response.body.count,
                        seconds: 0, actor: nil)
        guard (try? socket.sendAll(ResponseWriter.bytes(response, keepAlive: false))) != nil else { return }
        lingeringClose()
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

    /// Dispatches and sends the answer; false when the connection must end.
    private func respond(to request: HTTPRequest, keepAlive: Bool, started: Double) -> Bool {
        let (reply, caller) = server.dispatch(request)
        switch reply {
        case .response(let response):
            let bytes = ResponseWriter.bytes(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
            // Accounted before sending, so a client that reads /metrics next sees this request.
            server.finished(method: request.method, target: request.target, status: response.status,
                            bytes: response.body.count, seconds: Clock.now - started, actor: caller.name)
            return (try? socket.sendAll(bytes)) != nil
        case .stream(let status, let headers, let body):
            var head = ResponseWriter.head(status: status, headers: headers)
            head += "Connection: close\r\n\r\n".utf8
            guard (try? socket.sendAll(head)) != nil else { return false }
            let sink = SocketSink(socket: socket)
            body(sink)
            server.finished(method: request.method, target: request.target, status: status,
                            bytes: sink.sent, seconds: Clock.now - started, actor: caller.name)
            return false
        }
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
