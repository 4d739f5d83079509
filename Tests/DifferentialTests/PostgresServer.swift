import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server, shared by every differential test in one test run.
///
/// Started on first use: a fresh temporary directory holds the data directory and the Unix socket
/// (no TCP port is opened, so runs never collide); `initdb -U postgres --auth=trust -E UTF8
/// --locale=C`; durability switched off for speed. PostgreSQL refuses to run as root, so as root
/// the server programs run through `runuser -u postgres` (or `nobody`) and the directory is
/// chowned to that user. Stopped with `pg_ctl -m immediate stop` and its directory removed when
/// the test process exits (`atexit`). Each test works in its own schema.
final class PostgresServer: Sendable {
    let binaries: PostgresBinaries
    /// The temporary directory: `data/`, `socket/`, `server.log`, scripts.
    let root: String
    /// `runuser -u <user> --` when running as root, else empty.
    let asUser: [String]

    var socketDirectory: String { "\(root)/socket" }

    /// The shared server, started by the first caller; nil with an explanation if it could not start.
    static let shared: Result<PostgresServer, SubprocessError> = {
        guard let binaries = PostgresBinaries.found else {
            return .failure(SubprocessError(description: PostgresBinaries.notFoundMessage))
        }
        do {
            let server = try PostgresServer(binaries: binaries)
            ServerRegistry.started(server)
            atexit { ServerRegistry.stopAll() }
            return .success(server)
        } catch let error as SubprocessError {
            return .failure(error)
        } catch {
            return .failure(SubprocessError(description: "\(error)"))
        }
    }()

    /// The shared server for a test; when it is missing or could not start, records why as an
    /// issue of the test and throws.
    static func forTest() throws -> PostgresServer {
        switch shared {
        case .success(let server): return server
        case .failure(let error):
            Issue.record(Comment(rawValue: error.description))
            throw error
        }
    }

    private init(binaries: PostgresBinaries) throws {
        self.binaries = binaries
        var template = Array("\(NSTemporaryDirectory())/tslog-difftest-pg-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap(mkdtemp) }) != nil else {
            throw SubprocessError(description: "mkdtemp failed: errno \(errno)")
        }
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if getuid() == 0 {
            let user = getpwnam("postgres") != nil ? "postgres" : "nobody"
            guard let pw = getpwnam(user), let runuser = PostgresBinaries.runuser() else {
                throw SubprocessError(description: "running as root, but neither user 'postgres' nor 'nobody', or no runuser, exists")
            }
            asUser = [runuser, "-u", user, "--"]
            try FileManager.default.createDirectory(atPath: "\(root)/socket", withIntermediateDirectories: false)
            for path in [root, "\(root)/socket"] where chown(path, pw.pointee.pw_uid, pw.pointee.pw_gid) != 0 {
                throw SubprocessError(description: "chown \(path) to \(user) failed: errno \(errno)")
            }
        } else {
            asUser = []
            try FileManager.default.createDirectory(atPath: "\(root)/socket", withIntermediateDirectories: false)
        }
        try serverCommand(binaries.initdb, ["-D", "\(root)/data", "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                            "--locale=C", "--no-sync"], what: "initdb")
        let options = "-k \(root)/socket -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        do {
            try serverCommand(binaries.pgCtl, ["-D", "\(root)/data", "-w", "-t", "60", "-l", "\(root)/server.log",
                                               "-o", options, "start"], what: "pg_ctl start")
        } catch {
            let log = (try? String(contentsOfFile: "\(root)/server.log", encoding: .utf8)) ?? ""
            stop()
            throw SubprocessError(description: "\(error)\nserver.log:\n\(log)")
        }
    }

    /// Runs a server program (as the unprivileged user when we are root); throws with its output
    /// when it fails.
    private func serverCommand(_ program: String, _ arguments: [String], what: String) throws {
        let command = asUser.isEmpty ? (program, arguments) : (asUser[0], Array(asUser.dropFirst()) + [program] + arguments)
        let result = try runProcess(command.0, command.1, scratch: NSTemporaryDirectory())
        guard result.status == 0 else {
            throw SubprocessError(description: "\(what) exited \(result.status)\n\(result.stdout)\(result.stderr)")
        }
    }

    /// Stops the server at once and removes its directory. Safe to call twice.
    func stop() {
        if FileManager.default.fileExists(atPath: "\(root)/data/postmaster.pid") {
            try? serverCommand(binaries.pgCtl, ["-D", "\(root)/data", "-m", "immediate", "-w", "stop"], what: "pg_ctl stop")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs `sql` as one script through a single `psql -X -q -v ON_ERROR_STOP=1` and returns its
    /// standard output; throws with psql's error text (which names the script line) on failure.
    func runScript(_ sql: String, name: String) throws -> String {
        let file = "\(root)/\(name)-\(UUID().uuidString).sql"
        guard FileManager.default.createFile(atPath: file, contents: Data(sql.utf8)) else {
            throw SubprocessError(description: "cannot write \(file)")
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try runProcess(binaries.psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory,
                                                    "-U", "postgres", "-d", "postgres", "-f", file],
                                    scratch: root, environment: ["PGCLIENTENCODING": "UTF8", "PGTZ": "UTC"])
        guard result.status == 0 else {
            let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
            throw SubprocessError(description: "psql exited \(result.status) running script '\(name)' (\(lines.count) lines): \(result.stderr)")
        }
        return result.stdout
    }
}

/// The servers this process started, so an `atexit` handler (which cannot capture) can stop them.
final class ServerRegistry: @unchecked Sendable {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var servers: [PostgresServer] = []

    static func started(_ server: PostgresServer) { lock.withLock { servers.append(server) } }

    static func stopAll() {
        let all = lock.withLock { () -> [PostgresServer] in defer { servers = [] }; return servers }
        for server in all { server.stop() }
    }
}
