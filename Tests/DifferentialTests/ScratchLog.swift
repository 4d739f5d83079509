import Foundation
import TestSupport

/// The built `tslog` run as a user runs it, on a log in a temporary directory of its own (for
/// the tests that load what it writes into PostgreSQL). `remove()` deletes the directory.
struct ScratchLog {
    let binary: String
    /// The temporary directory: the log is `log/` in it; tests put their input files beside it.
    let directory: String
    var log: String { directory + "/log" }

    /// A new empty directory named after `name`.
    init(_ name: String) throws {
        binary = try TslogBinary.locate().path
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Runs tslog on the log; its standard output. Throws with standard error on a non-zero exit.
    @discardableResult
    func tslog(_ arguments: [String]) throws -> String {
        let result = try runProcess(binary, arguments + ["--log", log], scratch: directory)
        guard result.status == 0 else {
            throw SubprocessError(description: "tslog \(arguments) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
