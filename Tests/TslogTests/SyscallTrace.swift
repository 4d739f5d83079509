import Foundation
import TestSupport
import Testing

/// The file system calls one run of the built `tslog` made, in order, recorded by
/// `strace -f -y` (every descriptor printed with the path it names), for tests of what is
/// made durable before success is reported (`PowerLossOrderTests`).
struct SyscallTrace {
    /// One finished call: its name, its whole line (arguments and result) and whether it
    /// returned 0 or a descriptor rather than -1.
    struct Call {
        var name: String
        var line: String
        var succeeded: Bool
    }

    var calls: [Call]
    /// The run's exit status.
    var status: Int32
    var stdout: String
    var stderr: String

    static let strace = "/usr/bin/strace"

    /// Whether strace can run here; when not, says why it skips (or fails, when CI requires it:
    /// `.ci/run` installs strace and sets `TSLOG_REQUIRE_STRACE=1`).
    static func available() -> Bool {
        if FileManager.default.isExecutableFile(atPath: strace) { return true }
        #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_STRACE"] != "1", "TSLOG_REQUIRE_STRACE=1 but \(strace) is missing")
        print("skipping: \(strace) is missing (apt-get install strace)")
        return false
    }

    /// Runs `tslog arguments` under strace with `stdin`, in `directory`.
    static func run(_ tool: BinaryRunner, _ arguments: [String], stdin: [UInt8] = [], in directory: URL) throws -> SyscallTrace {
        let traceFile = directory.appendingPathComponent("trace").path
        let inFile = directory.appendingPathComponent("stdin").path
        let outFile = directory.appendingPathComponent("stdout").path
        let errFile = directory.appendingPathComponent("stderr").path
        try Data(stdin).write(to: URL(fileURLWithPath: inFile))
        let calls = "openat,mkdir,mkdirat,rename,renameat,renameat2,fsync,fdatasync,ftruncate,unlink,unlinkat,write,pwrite64"
        let child = try ChildProcess.spawn(strace, ["-f", "-y", "-qq", "-s", "64", "-o", traceFile, "-e", "trace=" + calls,
                                                    tool.executable.path] + arguments,
                                           stdin: inFile, stdout: outFile, stderr: errFile, directory: directory.path)
        let status = try child.wait(timeout: 120)
        let text = try String(contentsOfFile: traceFile, encoding: .utf8)
        return SyscallTrace(calls: parse(text), status: status,
                            stdout: try String(contentsOfFile: outFile, encoding: .utf8),
                            stderr: try String(contentsOfFile: errFile, encoding: .utf8))
    }

    /// The calls of a trace, an interrupted call (`<unfinished …>`) joined with its resumption.
    static func parse(_ text: String) -> [Call] {
        var calls: [Call] = []
        var pending: [String: String] = [:]  // pid → the start of its unfinished call
        for raw in text.split(separator: "\n").map(String.init) {
            // "PID call(args) = result": drop the pid.
            guard let space = raw.firstIndex(of: " ") else { continue }
            let pid = String(raw[..<space])
            var line = raw[raw.index(after: space)...].trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("<unfinished ...>") {
                pending[pid] = String(line.dropLast("<unfinished ...>".count))
                continue
            }
            if line.hasPrefix("<... "), let start = pending.removeValue(forKey: pid), let close = line.range(of: " resumed>") {
                line = start + line[close.upperBound...]
            }
            guard let paren = line.firstIndex(of: "("), let equals = line.range(of: " = ", options: .backwards) else { continue }
            let result = line[equals.upperBound...]
            calls.append(Call(name: String(line[..<paren]), line: line, succeeded: !result.hasPrefix("-1")))
        }
        return calls
    }

    /// The index of the first successful call at or after `start` that matches.
    func first(from start: Int = 0, _ matches: (Call) -> Bool) -> Int? {
        calls.indices.dropFirst(start).first { calls[$0].succeeded && matches(calls[$0]) }
    }

    /// Whether `call` is an fsync of the directory `path` (strace -y prints `fsync(N</path>)`).
    static func isFsync(of path: String) -> (Call) -> Bool {
        { $0.name == "fsync" && $0.line.hasPrefix("fsync(") && $0.line.contains("<\(path)>)") }
    }

    /// Whether `call` is the write of a line containing `text` to standard output (the command's
    /// success line, after which its work must be durable).
    static func isStdoutWrite(containing text: String) -> (Call) -> Bool {
        { $0.name == "write" && $0.line.hasPrefix("write(1<") && $0.line.contains(text) }
    }

    /// Whether `call` is a `mkdir` of `path`.
    static func isMkdir(of path: String) -> (Call) -> Bool {
        { ($0.name == "mkdir" && $0.line.hasPrefix("mkdir(\"\(path)\",")) || ($0.name == "mkdirat" && $0.line.contains(", \"\(path)\",")) }
    }
}
