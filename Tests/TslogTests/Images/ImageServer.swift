import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A local HTTP server for the image tests (Python's `http.server`), bound to 127.0.0.1 port 0.
///
/// It serves the files of `root` and misbehaves on request, by path:
///
///     /img/NAME                 the file (Content-Type from ?ct=, default image/png)
///     /status/CODE              that status with a short body
///     /flaky/N/NAME             503 for the first N requests of this path, then the file
///     /slow/SECONDS/NAME        waits, then the file
///     /short/NAME               Content-Length of the whole file, half of it, then closes
///     /nolength/NAME            the file without Content-Length (ends by closing)
///     /redirect/NAME            302 to /img/NAME
///     /tofile/NAME              302 to file:///etc/hostname (which must not be followed)
///     /endless                  a PNG header then zeros forever, without Content-Length,
///                               counting what it managed to send
///     /html                     an HTML sign-in page, 200, text/html (?ct= overrides)
///     /encoded/NAME             the file gzip-compressed with `Content-Encoding: gzip`, whatever
///                               the request accepts (?enc=NAME: that encoding named, the bytes
///                               sent as they are)
///     /stats                    JSON: {"requests": {path: count}, "endless_sent": bytes,
///                               "accept_encoding": the last /encoded request's header or null}
///     POST to any path          200 with a multi-line HTML page, as a web server that is not
///                               tslog serve may answer (its body read and dropped)
final class ImageServer {
    let port: Int
    let root: URL
    private let child: ChildProcess

    init(root: URL) throws {
        self.root = root
        let script = root.appendingPathComponent("server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let portFile = root.appendingPathComponent("port")
        child = try ChildProcess.spawn("/bin/sh", ["-c", "exec python3 \"$@\"", "sh", script.path, root.path, portFile.path],
                                       environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                                       stderr: root.appendingPathComponent("server.err").path)
        var found: Int?
        for _ in 0..<1000 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), text.hasSuffix("\n") {
                found = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
                break
            }
            usleep(10_000)
        }
        guard let found else {
            kill(child.pid, SIGKILL)
            _ = try? child.wait()
            throw Pillow.SkipRefused(description: "the test HTTP server did not start")
        }
        port = found
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// How many requests each path received (query strings dropped).
    func requests() throws -> [String: Int] {
        try stats()["requests"] as? [String: Int] ?? [:]
    }

    func stats() throws -> [String: Any] {
        // The tests' raw client: Foundation fetches no http URL without FoundationNetworking,
        // which nothing here links any more (tslog loads libcurl itself).
        let client = try HTTPClient(port: UInt16(port))
        defer { client.close() }
        let answer = try client.request("GET", "/stats", token: nil)
        return try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
    }

    func stop() {
        kill(child.pid, SIGKILL)
        _ = try? child.wait()
    }

    static let script = #"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

root, port_file = sys.argv[1], sys.argv[2]
lock = threading.Lock()
counts = {}
endless_sent = [0]
accept_encoding = [None]

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass

    def send(self, code, body, ct, length=True):
        self.send_response(code)
        self.send_header("Content-Type", ct)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        if not length:
            self.close_connection = True

    def file(self, name):
        with open(os.path.join(root, "files", os.path.basename(name)), "rb") as f:
            return f.read()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        return self.send(200, b"<html>\n<body>\n<h1>Welcome</h1>\n</body>\n</html>\n", "text/html")

    def do_GET(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        ct = q.get("ct", ["image/png"])[0]
        parts = u.path.strip("/").split("/")
        if parts[0] == "stats":
            with lock:
                body = json.dumps({"requests": counts, "endless_sent": endless_sent[0],
                                   "accept_encoding": accept_encoding[0]}).encode()
            return self.send(200, body, "application/json")
        with lock:
            counts[u.path] = counts.get(u.path, 0) + 1
            n = counts[u.path]
        kind = parts[0]
        try:
            if kind == "img":
                return self.send(200, self.file(parts[1]), ct)
            if kind == "status":
                return self.send(int(parts[1]), b"error page", "text/plain")
            if kind == "flaky":
                if n <= int(parts[1]):
                    return self.send(503, b"busy", "text/plain")
                return self.send(200, self.file(parts[2]), ct)
            if kind == "slow":
                time.sleep(float(parts[1]))
                return self.send(200, self.file(parts[2]), ct)
            if kind == "short":
                body = self.file(parts[1])
                self.send_response(200)
                self.send_header("Content-Type", ct)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if kind in ("redirect", "tofile"):
                self.send_response(302)
                self.send_header("Location", "/img/" + parts[1] if kind == "redirect" else "file:///etc/hostname")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if kind == "nolength":
                return self.send(200, self.file(parts[1]), ct, length=False)
            if kind == "endless":
                self.send_response(200)
                self.send_header("Content-Type", ct)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                chunk = b"\x89PNG\r\n\x1a\n" + b"\0" * 65528
                try:
                    for _ in range(100000):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        with lock:
                            endless_sent[0] += len(chunk)
                        time.sleep(0.001)
                except Exception:
                    pass
                return
            if kind == "encoded":
                import gzip
                enc = q.get("enc", ["gzip"])[0]
                body = gzip.compress(self.file(parts[1])) if enc == "gzip" else self.file(parts[1])
                with lock:
                    accept_encoding[0] = self.headers.get("Accept-Encoding")
                self.send_response(200)
                self.send_header("Content-Type", ct)
                self.send_header("Content-Encoding", enc)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if kind == "html":
                page = b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>"
                return self.send(200, page, q.get("ct", ["text/html"])[0])
            return self.send(404, b"not found", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            return

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(port_file + ".tmp", "w") as f:
    f.write(f"{server.server_address[1]}\n")
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
"""#
}
