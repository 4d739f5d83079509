import Foundation
import TestSupport
import Testing

/// Runs the built `tslog` executable as a user would and captures what it did.
///
/// Standard output and standard error go to temporary files, not pipes, so a child that
/// writes megabytes never blocks on a full pipe while we wait for it (the deadlock of
/// waiting first and reading after). Standard input comes from a temporary file too.
struct BinaryRunner {
    /// What one run produced.
    struct Result: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    struct RunnerError: Error, CustomStringConvertible {
        var description: String
    }

    /// The executable under test.
    let executable: URL

    /// Finds the binary: `$TSLOG_BINARY`, else beside the running test bundle (SwiftPM puts
    /// `tslog` and `tslogPackageTests.xctest` in the same build directory), else
    /// `.build/debug/tslog` under the package root found from this file's path.
    static func locate(filePath: String = #filePath) throws -> BinaryRunner {
        do {
            return BinaryRunner(executable: try TslogBinary.locate())
        } catch let notFound as TslogBinary.NotFound {
            throw RunnerError(description: notFound.description)
        }
    }

    /// Runs the binary with `arguments`, exactly `environment` (nothing inherited), and `stdin`.
    ///
    /// - Parameters:
    ///   - closedStdout: give the child a pipe whose reading end is already closed, as
    ///     `tslog … | head` does once `head` has exited.
    ///   - timeout: seconds before the child is killed and the run fails.
    ///   - limits: `prlimit` options (e.g. `--fsize=65536`) tslog runs under (not with `closedStdout`).
    func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8] = [],
        closedStdout: Bool = false, timeout: TimeInterval = 60, limits: [String] = []
    ) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tslog-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inURL = directory.appendingPathComponent("stdin")
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data(stdin).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        var stdoutPath = outURL.path
        if closedStdout {
            // A FIFO whose reader opens and closes before the child writes: its writes get EPIPE.
            stdoutPath = directory.appendingPathComponent("closed-pipe").path
            guard mkfifo(stdoutPath, 0o600) == 0 else { throw RunnerError(description: "mkfifo: errno \(errno)") }
            let reader = open(stdoutPath, O_RDONLY | O_NONBLOCK)
            let child: ChildProcess
            do {
                child = try ChildProcess.spawn(executable.path, arguments, environment: environment,
                                               stdin: inURL.path, stdout: stdoutPath, stderr: errURL.path,
                                               directory: directory.path)
            } catch {
                close(reader)
                throw error
            }
            // Give the child time to open the FIFO, then close the reading end under it.
            usleep(50_000)
            close(reader)
            let status = try child.wait(timeout: timeout)
            return Result(status: status, stdout: [], stderr: [UInt8](try Data(contentsOf: errURL)))
        }
        let command = ResourceLimits.command([executable.path] + arguments, limits: limits)
        let child = try ChildProcess.spawn(command[0], Array(command.dropFirst()), environment: environment,
                                           stdin: inURL.path, stdout: stdoutPath, stderr: errURL.path,
                                           directory: directory.path)
        let status = try child.wait(timeout: timeout)
        return Result(
            status: status,
            stdout: [UInt8](try Data(contentsOf: outURL)),
            stderr: [UInt8](try Data(contentsOf: errURL)))
    }
}

extension BinaryRunner {
    /// Runs `tslog append --log log` with `lines` as one batch on standard input and requires
    /// that it succeeded (the test stops, showing standard error, when it did not).
    func append(_ lines: [String], to log: String) throws {
        let r = try run(["append", "--log", log], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        try #require(r.status == 0, "\(r.stderrText)")
    }
}
