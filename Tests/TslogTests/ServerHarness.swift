import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `tslog serve` child process on a free port (`--listen 127.0.0.1:0`), with its own log and
/// token file, for the server tests. Standard output and error go to files; the bound address
/// is read from the first stdout line.
final class ServerProcess {
    let directory: String
    let log: String
    let tokenFile: String
    let child: ChildProcess
    let port: UInt16
    static let writeToken = "write-token-0123456789abcdef"
    static let readToken = "read-token-0123456789abcdef0"
    private(set) var exited: Int32?

    /// Starts a server on `log` (default `directory/log`) with `arguments` added; `limits`:
    /// `prlimit` options (e.g. `--nofile=40`) the server runs under (`ResourceLimits.prlimit`).
    init(directory: String, log: String? = nil, arguments: [String] = [], limits: [String] = []) throws {
        self.directory = directory
        self.log = log ?? directory + "/log"
        tokenFile = directory + "/tokens"
        if !FileManager.default.fileExists(atPath: tokenFile) {
            let text = "# test tokens\nwrite app \(ServerProcess.writeToken)\nread dashboard \(ServerProcess.readToken)\n"
            _ = FileManager.default.createFile(atPath: tokenFile, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
        let tool = try BinaryRunner.locate()
        let out = directory + "/serve-\(UUID().uuidString.prefix(8)).out"
        let err = out.replacingOccurrences(of: ".out", with: ".err")
        let command = [tool.executable.path, "serve", "--log", self.log, "--listen", "127.0.0.1:0", "--token-file", tokenFile] + arguments
        let run = ResourceLimits.command(command, limits: limits)
        child = try ChildProcess.spawn(run[0], Array(run.dropFirst()), stdout: out, stderr: err, diesWithParent: true)
        stdoutPath = out
        stderrPath = err
        let deadline = Date().addingTimeInterval(30)
        var found: UInt16?
        while found == nil && Date() < deadline {
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = UInt16(text[range].split(separator: ":").last ?? "")
            } else {
                var status: Int32 = 0
                if waitpid(child.pid, &status, WNOHANG) == child.pid {
                    let e = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
                    throw BinaryRunner.RunnerError(description: "tslog serve exited at start: \(e)")
                }
                usleep(10_000)
            }
        }
        guard let found else {
            kill(child.pid, SIGKILL)
            _ = try? child.wait(timeout: 5)
            throw BinaryRunner.RunnerError(description: "tslog serve printed no address within 30 s")
        }
        port = found
    }

    let stdoutPath: String
    let stderrPath: String
    var stderrText: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM, timeout: TimeInterval = 40) throws -> Int32 {
        if let exited { return exited }
        kill(child.pid, signal)
        let status = try child.wait(timeout: timeout)
        exited = status
        return status
    }

    deinit {
        if exited == nil {
            kill(child.pid, SIGKILL)
            _ = try? child.wait(timeout: 10)
        }
    }

    /// One request on a new connection.
    func request(_ method: String, _ target: String, token: String? = ServerProcess.writeToken, body: String? = nil,
                 headers: [String] = []) throws -> HTTPResult {
        let client = try HTTPClient(port: port)
        defer { client.close() }
        return try client.request(method, target, token: token, body: body.map { Array($0.utf8) }, headers: headers)
    }
}

/// A response as the test client read it.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as a JSON object.
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
}

/// A minimal HTTP/1.1 client on a raw socket, so tests can also send what no library would.
final class HTTPClient {
    private(set) var fd: Int32

    /// `smallReceiveBuffer`: a 4 KB receive buffer, for a client that stops reading to hold
    /// back a response early.
    init(port: UInt16, receiveTimeout: Double = 30, smallReceiveBuffer: Bool = false) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if smallReceiveBuffer {
            var size: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw BinaryRunner.RunnerError(description: "connect to port \(port): errno \(errno)")
        }
        var tv = timeval(tv_sec: Int(receiveTimeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Closes the socket once: a second close could close another test's descriptor that got
    /// the same number meanwhile.
    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    /// Sends raw bytes (false when the server has closed the connection).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    private var pending: [UInt8] = []

    /// Reads one response (Content-Length or close-delimited). Nil when the connection closed
    /// before a status line.
    func readResponse() throws -> HTTPResult? {
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let status = Int(statusLine.split(separator: " ")[1]) ?? 0
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let bodyStart = end.upperBound
                if status == 100 {
                    pending.removeSubrange(..<bodyStart)
                    continue
                }
                // RFC 9112 6.3: a 204 or 304 ends at its head, whatever its fields say.
                if status == 204 || status == 304 {
                    pending.removeSubrange(..<bodyStart)
                    return HTTPResult(status: status, headers: headers, body: [])
                }
                if let length = headers["content-length"].flatMap({ Int($0) }) {
                    while pending.count - bodyStart < length {
                        guard receive() else { throw BinaryRunner.RunnerError(description: "connection closed inside a body") }
                    }
                    let body = Array(pending[bodyStart..<(bodyStart + length)])
                    pending.removeSubrange(..<(bodyStart + length))
                    return HTTPResult(status: status, headers: headers, body: body)
                }
                while receive() {}
                let body = Array(pending[bodyStart...])
                pending.removeAll()
                return HTTPResult(status: status, headers: headers, body: body)
            }
            guard receive() else { return nil }
        }
    }

    /// Reads until the peer closes or the receive timeout; false when nothing more came.
    @discardableResult
    func receive() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        pending += chunk[..<n]
        return true
    }

    /// Whether the server closed the connection (a read returns 0 within `timeout` seconds).
    func isClosedByPeer(timeout: Double = 5) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(timeout)
        var ready: Int32 = -1
        // Another test's child exiting may interrupt the wait (EINTR): wait again.
        while ready < 0 && Date() < deadline {
            ready = poll(&pfd, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            if ready < 0 && errno != EINTR { return false }
        }
        guard ready > 0 else { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK))
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    func request(_ method: String, _ target: String, token: String?, body: [UInt8]? = nil,
                 headers: [String] = []) throws -> HTTPResult {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for h in headers { head += h + "\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        guard send(Array(head.utf8) + (body ?? [])) else { throw BinaryRunner.RunnerError(description: "send failed") }
        guard let response = try readResponse() else { throw BinaryRunner.RunnerError(description: "no response to \(method) \(target)") }
        return response
    }
}

/// Input lines for the server tests.
enum ServerLines {
    static func sampleID(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", n) }

    static func submit(_ n: Int, eventID: String? = nil, label: String = "near_mint") -> String {
        let id = eventID.map { ",\"event_id\":\"\($0)\"" } ?? ""
        return #"{"type":"sample.submitted","sample_id":"\#(sampleID(n))"\#(id),"image_url":"https://x.example/\#(n).jpg","image_path":"\#(n).jpg","label":"\#(label)","label_type":"grade"}"#
    }

    static func relabel(_ n: Int, label: String, actor: String? = nil, eventID: String? = nil) -> String {
        let a = actor.map { ",\"actor\":\"\($0)\"" } ?? ""
        let id = eventID.map { ",\"event_id\":\"\($0)\"" } ?? ""
        return #"{"type":"sample.relabeled","sample_id":"\#(sampleID(n))","label":"\#(label)"\#(a)\#(id)}"#
    }
}

/// The stored lines of `log`, parsed (via `tslog log --format json`).
func storedRecords(_ log: String) throws -> [[String: Any]] {
    let out = try BinaryRunner.locate().run(["log", "--log", log, "--format", "json"])
    guard out.status == 0 else { throw BinaryRunner.RunnerError(description: "tslog log: \(out.stderrText)") }
    return out.stdoutText.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
    }
}
