import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Running tslog under `prlimit`: what a process limit does to it, with no mount needed.
enum ResourceLimits {
    /// util-linux's `prlimit`: sets the limits on itself and execs the command.
    static let prlimit = "/usr/bin/prlimit"

    /// `command` run under `limits` (`prlimit` options; none: `command` as is). `prlimit` sets
    /// them on itself and execs `env`, which resets SIGXFSZ to its default (the test runner
    /// ignores it, and an ignored signal stays ignored across exec) and execs the command: its pid
    /// is the command's, and tslog meets the limit as a shell with `ulimit -f` would start it.
    static func command(_ command: [String], limits: [String]) -> [String] {
        limits.isEmpty ? command : [prlimit] + limits + ["--", "/usr/bin/env", "--default-signal=XFSZ"] + command
    }

    /// Whether `prlimit` is here; when not, says why the test passes vacuously (or fails, when CI
    /// requires it: `.ci/run` installs util-linux and sets `TSLOG_REQUIRE_PRLIMIT=1`).
    static func available(_ test: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: prlimit) { return true }
        #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_PRLIMIT"] != "1", "TSLOG_REQUIRE_PRLIMIT=1 but \(prlimit) is missing")
        print("\(test): \(prlimit) is missing (apt-get install util-linux); skipped")
        return false
    }

    /// `count` submitted-sample lines from `first` on, about 200 bytes each.
    static func lines(_ first: Int, _ count: Int) -> String {
        (first..<first + count).map { ServerLines.submit($0) }.joined(separator: "\n") + "\n"
    }
}

/// The file size limit (`ulimit -f`, RLIMIT_FSIZE): a write past it raised SIGXFSZ, whose default
/// kills the process mid-batch (exit 153, no message, a torn tail left for the next open). tslog
/// ignores the signal, so the write fails with EFBIG, which is handled as a full disk is.
@Suite("File size limit (prlimit --fsize)")
struct FileSizeLimitTests {
    @Test func appendPastTheFileSizeLimitFailsCleanlyAndStoresNothing() throws {
        guard ResourceLimits.available("FileSizeLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        let first = try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(1, 100).utf8))
        #expect(first.status == 0, "\(first.stderrText)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: log + "/00000000000000000001.jsonl")[.size] as? Int)

        // About 600 KB more against a 64 KiB limit.
        let over = try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(101, 3000).utf8),
                                limits: ["--fsize=65536"])
        #expect(over.status == 1, "killed by SIGXFSZ? status \(over.status): \(over.stderrText)")
        #expect(over.stderrText.hasPrefix("Error: append of records 101... failed: nothing of it was stored"), "\(over.stderrText)")
        #expect(over.stderrText.contains("File too large (errno 27)"), "\(over.stderrText)")
        #expect(over.stderrText.contains("file size limit (ulimit -f)"), "\(over.stderrText)")
        #expect(try FileManager.default.attributesOfItem(atPath: log + "/00000000000000000001.jsonl")[.size] as? Int == size)

        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stdoutText.contains("100 records"), "\(verify.stdoutText)")
        let next = try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(5000, 1).utf8))
        #expect(next.stdoutText == "appended 1 event (seq 101), 0 duplicates skipped\n", "\(next.stderrText)")
    }

    /// `tag` and `demo` past the limit advise running themselves again, with what they left:
    /// the tag was not set; the demo's directory holds what it wrote before (and demo refuses a
    /// log), so it is to be removed first. Never the writer's "append again".
    @Test func tagAndDemoPastTheFileSizeLimitAdviseThemselves() throws {
        guard ResourceLimits.available("FileSizeLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(1, 100).utf8)).status == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: log + "/00000000000000000001.jsonl")[.size] as? Int)
        let tag = try tool.run(["tag", "v1", "--log", log], limits: ["--fsize=\(size)"])
        #expect(tag.status == 1)
        #expect(tag.stderrText.contains("the file size limit (ulimit -f) was reached: raise it and run the tag command again; the tag was not set"), "\(tag.stderrText)")
        #expect(!tag.stderrText.contains("append again"), "\(tag.stderrText)")
        #expect(try tool.run(["tags", "--log", log]).stdoutText.contains("v1") == false)

        let demo = try tool.run(["demo", "--log", dir.path + "/demo", "--samples", "500"], limits: ["--fsize=65536"])
        #expect(demo.status == 1)
        #expect(demo.stderrText.contains("raise it and remove the log directory"), "\(demo.stderrText)")
        #expect(!demo.stderrText.contains("append again"), "\(demo.stderrText)")
        // Below the size of a crop: storing the first batch of crops fails, before any append.
        let crops = try tool.run(["demo", "--log", dir.path + "/crops", "--samples", "500"], limits: ["--fsize=2000"])
        #expect(crops.status == 1)
        #expect(crops.stderrText.hasPrefix("Error: cannot store "), "\(crops.stderrText)")
        #expect(crops.stderrText.contains("File too large (errno 27); the file size limit (ulimit -f) was reached: raise it and remove the log directory"), "\(crops.stderrText)")
    }

    /// The server: a batch past the limit is 507 with a JSON error, nothing of it stored; the
    /// server serves on, and a batch that fits is appended with the next seq.
    @Test func serverAnswers507WhenAWriteFailsForWantOfStorage() throws {
        guard ResourceLimits.available("FileSizeLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(1, 10).utf8)).status == 0)
        let server = try ServerProcess(directory: dir.path, limits: ["--fsize=65536"])

        let over = try server.request("POST", "/v1/events", body: ResourceLimits.lines(11, 3000))
        #expect(over.status == 507, "\(over.status) \(over.text)")
        let message = over.json["error"] as? String ?? ""
        #expect(message.contains("nothing of it was stored") && message.contains("File too large (errno 27)"), "\(over.text)")

        #expect(try server.request("GET", "/healthz", token: nil).status == 200)
        #expect(try server.request("GET", "/v1/stats", token: ServerProcess.readToken).status == 200)
        let fits = try server.request("POST", "/v1/events", body: ResourceLimits.lines(9000, 3))
        #expect(fits.status == 201, "\(fits.text)")
        #expect(fits.json["first_seq"] as? Int == 11, "\(fits.text)")
        #expect(try server.stop() == 0)
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0 && verify.stdoutText.contains("13 records"), "\(verify.stdoutText)\(verify.stderrText)")
    }
}

/// The descriptor limit (`ulimit -n`): a server out of descriptors answers a new connection 503
/// at once (accepted on a descriptor it holds in reserve) instead of leaving it unanswered while
/// its acceptor wakes for it again and again; the connections it has are served on; once
/// descriptors are freed it accepts again.
@Suite("Descriptor limit (prlimit --nofile)")
struct DescriptorLimitTests {
    @Test func aServerOutOfDescriptorsRefusesNewConnectionsAndServesItsOwn() throws {
        guard ResourceLimits.available("DescriptorLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        // A log with a segment: an append at the limit writes to the open segment (creating one
        // needs a descriptor too: that append is 503, nothing stored; see the test below).
        let tool = try BinaryRunner.locate()
        #expect(try tool.run(["append", "--log", dir.path + "/log"], stdin: Array(ResourceLimits.lines(100, 1).utf8)).status == 0)
        let server = try ServerProcess(directory: dir.path, limits: ["--nofile=40"])
        let kept = try HTTPClient(port: server.port, receiveTimeout: 5)
        defer { kept.close() }
        #expect(try kept.request("GET", "/healthz", token: nil).status == 200)

        let idle = try IdleConnections(filling: server)

        let refused = try HTTPClient(port: server.port, receiveTimeout: 5)
        defer { refused.close() }
        let answer = try refused.request("GET", "/healthz", token: nil)
        #expect(answer.status == 503, "\(answer.status) \(answer.text)")
        #expect((answer.json["error"] as? String ?? "").contains("out of file descriptors"), "\(answer.text)")
        #expect(answer.headers["retry-after"] == "1", "\(answer.headers)")
        #expect(server.stderrText.contains("tslog serve: out of file descriptors"), "\(server.stderrText)")

        // The connection it had is still served, appends included.
        #expect(try kept.request("GET", "/healthz", token: nil).status == 200)
        let appended = try kept.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                        body: Array(ResourceLimits.lines(1, 2).utf8))
        #expect(appended.status == 201, "\(appended.text)")

        // Descriptors freed: new connections are served again.
        // (The server closes its side as it sees each peer's close: allow it a moment.)
        idle.close()
        var status = 0
        let deadline = Date().addingTimeInterval(10)
        while status != 200 && Date() < deadline {
            status = try server.request("GET", "/healthz", token: nil).status
            if status != 200 { usleep(100_000) }
        }
        #expect(status == 200)
        #expect(try server.stop() == 0)
    }

    /// The descriptor limit met when the log needs a new segment (here its first): the append
    /// fails like a full disk's (nothing stored) but is answered as descriptor exhaustion is,
    /// 503 with Retry-After naming the limit, not a 500 about the device; the writer stays
    /// usable, and once descriptors are free the same request is appended with seq 1.
    @Test func aNewSegmentAtTheDescriptorLimitIs503AndAppendsOnceDescriptorsAreFree() throws {
        guard ResourceLimits.available("DescriptorLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        let server = try ServerProcess(directory: dir.path, limits: ["--nofile=40"])
        let kept = try HTTPClient(port: server.port, receiveTimeout: 5)
        defer { kept.close() }
        #expect(try kept.request("GET", "/healthz", token: nil).status == 200)
        let idle = try IdleConnections(filling: server)

        let refused = try kept.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                       body: Array(ResourceLimits.lines(1, 2).utf8))
        #expect(refused.status == 503, "\(refused.status) \(refused.text)")
        #expect(refused.headers["retry-after"] == "1", "\(refused.headers)")
        let message = refused.json["error"] as? String ?? ""
        #expect(message.hasPrefix("the server is out of file descriptors: append of records 1... failed: nothing of it was stored"), "\(message)")
        #expect(message.contains("ulimit -n") && message.contains("--max-connections"), "\(message)")
        #expect(message.contains("Too many open files (errno 24)") && !message.contains("check the device"), "\(message)")

        idle.close()
        var appended = HTTPResult(status: 0, headers: [:], body: [])
        let deadline = Date().addingTimeInterval(10)
        while appended.status != 201 && Date() < deadline {
            appended = try kept.request("POST", "/v1/events", token: ServerProcess.writeToken,
                                        body: Array(ResourceLimits.lines(1, 2).utf8))
            if appended.status != 201 { usleep(100_000) }
        }
        #expect(appended.status == 201, "\(appended.status) \(appended.text)")
        #expect(appended.json["first_seq"] as? Int == 1, "\(appended.text)")
        #expect(try server.stop() == 0)
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0 && verify.stdoutText.contains("2 records"), "\(verify.stdoutText)\(verify.stderrText)")
    }

    /// `tslog append` at the descriptor limit, tried under ever larger limits until it
    /// succeeds: each run that got as far as the append failed naming EMFILE, said to raise
    /// `ulimit -n` (never "check the device"), and left a log that verifies; one of them failed
    /// at the new segment itself.
    @Test func appendAtTheDescriptorLimitSaysSoAndStoresNothing() throws {
        guard ResourceLimits.available("DescriptorLimitTests") else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        var failures: [String] = []
        var succeeded = false
        for limit in 6...64 where !succeeded {
            let log = dir.path + "/log\(limit)"
            let run = try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(1, 1).utf8),
                                   limits: ["--nofile=\(limit)"])
            if run.status == 0 { succeeded = true; continue }
            guard run.stderrText.hasPrefix("Error: append of records 1... failed") else { continue }
            failures.append(run.stderrText)
            #expect(run.status == 1)
            #expect(run.stderrText.contains("nothing of it was stored"), "\(run.stderrText)")
            #expect(run.stderrText.contains("out of file descriptors: raise the limit (`ulimit -n`"), "\(run.stderrText)")
            #expect(run.stderrText.contains("and append again"), "\(run.stderrText)")
            #expect(!run.stderrText.contains("check the device"), "\(run.stderrText)")
            let verify = try tool.run(["verify", "--log", log])
            #expect(verify.status == 0, "\(verify.stderrText)")
            let next = try tool.run(["append", "--log", log], stdin: Array(ResourceLimits.lines(1, 1).utf8))
            #expect(next.stdoutText == "appended 1 event (seq 1), 0 duplicates skipped\n", "\(next.stderrText)")
        }
        #expect(succeeded)
        #expect(failures.contains { $0.contains("open failed: Too many open files (errno 24) on \(dir.path)/log") && $0.contains(".jsonl") }, "\(failures)")
    }
}

/// Idle connections that fill the descriptor table of a server started with `--nofile=40`, so
/// that its next accept or open fails with EMFILE; closed by `close()` or when released.
final class IdleConnections {
    private var clients: [HTTPClient] = []

    init(filling server: ServerProcess, count: Int = 45) throws {
        for _ in 0..<count { clients.append(try HTTPClient(port: server.port, receiveTimeout: 5)) }
        usleep(300_000)  // the server accepts them
    }

    func close() {
        for client in clients { client.close() }
        clients.removeAll()
    }

    deinit { close() }
}
