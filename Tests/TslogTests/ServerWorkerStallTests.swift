import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The server's worker pool under CPU-heavy reads (`WorkerPool.checkProgress`): a read as of a
/// valid time folds the whole log on its worker without marking itself blocking, so a request
/// for each of the pool's workers holds every one of them. When none has come back for 100 ms
/// the pool adds a worker, so a `/healthz` sent meanwhile is answered while the heavy reads are
/// still running, not after the first of them ends. Built binary, real sockets; the bound is
/// "answered at all within 10 s, before any heavy read", not a timing.
@Suite("tslog serve: a stalled worker pool grows")
struct ServerWorkerStallTests {
    @Test func healthzIsAnsweredWhileEveryWorkerFoldsTheLog() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        // 60,000 samples: a fold of the log takes about half a second of CPU in a debug build.
        let lines = (1...60_000).map { ServerLines.submit($0, label: "l\($0 % 50)") }.joined(separator: "\n") + "\n"
        try Data(lines.utf8).write(to: dir.appendingPathComponent("in.jsonl"))
        let appended = try tool.run(["append", "--log", dir.path + "/log", "--no-sync", "--file", dir.path + "/in.jsonl"], timeout: 120)
        #expect(appended.status == 0, "\(appended.stderrText)")
        let server = try ServerProcess(directory: dir.path)

        // As many heavy reads as the pool has workers (one per core, at least two), each at its
        // own valid time so that no answer comes from a cache.
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        var heavy: [HTTPClient] = []
        defer { for client in heavy { client.close() } }
        for k in 0..<workers {
            let client = try HTTPClient(port: server.port)
            heavy.append(client)
            let target = "/v1/query/overall?valid_at=2030-01-01T00:00:00.\(String(format: "%06d", k + 1))Z"
            #expect(client.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n"))
        }
        usleep(50_000)  // the heavy connections reach the poll, and its workers, first

        let health = try HTTPClient(port: server.port, receiveTimeout: 10)
        defer { health.close() }
        let answer = try health.request("GET", "/healthz", token: nil)
        #expect(answer.status == 200)
        let running = heavy.filter { !Self.hasBytes($0.fd) }.count
        #expect(running == workers, "\(workers - running) of the \(workers) heavy reads ended before /healthz was answered")

        // The heavy reads were real: each is answered in full.
        for client in heavy {
            let response = try client.readResponse()
            #expect(response?.status == 200 && response?.text.contains("60000") == true, "\(response?.text.prefix(200) ?? "no response")")
        }
        #expect(try server.stop() == 0)
    }

    /// Whether the socket has bytes to read now (or was closed).
    static func hasBytes(_ fd: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) > 0
    }
}
