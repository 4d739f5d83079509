import Foundation

/// Where the PostgreSQL programs the harness needs live: the server tools (`initdb`, `pg_ctl`,
/// `postgres`) from one directory, so their versions match, and any `psql`.
struct PostgresBinaries: Sendable {
    var initdb: String
    var pgCtl: String
    var postgres: String
    var psql: String

    /// Set `TSLOG_REQUIRE_POSTGRES=1` to make a missing PostgreSQL a test failure (CI does).
    static var required: Bool { ProcessInfo.processInfo.environment["TSLOG_REQUIRE_POSTGRES"] == "1" }

    /// Found once per process: the directories on `PATH`, then `/usr/lib/postgresql/<version>/bin`,
    /// newest version first.
    static let found: PostgresBinaries? = locate()

    static let notFoundMessage = "PostgreSQL was not found (initdb, pg_ctl, postgres and psql on PATH or under "
        + "/usr/lib/postgresql/*/bin): the differential tests are skipped. Set TSLOG_REQUIRE_POSTGRES=1 to make this a failure."

    static func locate() -> PostgresBinaries? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var dirs = path.split(separator: ":").map(String.init)
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .sorted { (Int($0) ?? 0, $0) > (Int($1) ?? 0, $1) }
        dirs += versions.map { "\(root)/\($0)/bin" }
        func executable(_ dir: String, _ name: String) -> String? {
            let file = "\(dir)/\(name)"
            return FileManager.default.isExecutableFile(atPath: file) ? file : nil
        }
        guard let server = dirs.first(where: { dir in ["initdb", "pg_ctl", "postgres"].allSatisfy { executable(dir, $0) != nil } }),
              let psql = dirs.lazy.compactMap({ executable($0, "psql") }).first else { return nil }
        return PostgresBinaries(initdb: "\(server)/initdb", pgCtl: "\(server)/pg_ctl", postgres: "\(server)/postgres", psql: psql)
    }

    /// `runuser`, to drop root privileges for the server programs.
    static func runuser() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return dirs.map { "\($0)/runuser" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
