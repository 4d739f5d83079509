import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17 item 1, through the built binary: an output (`export --out`, its `.position.json`,
/// `report --out`, `replay --into`) never lands inside a log directory and never replaces
/// anything but a regular file. Each refusal exits 1 with an error naming the path, and changes
/// nothing: the log's bytes, the FIFO, the socket, the link and its target stay as they were.
@Suite("Outputs never land on the log or a non-regular file")
struct ReliabilityOutputTests {
    /// A log of a few records in `dir/L`, made by the binary.
    static func makeLog(_ tool: BinaryRunner, _ dir: URL) throws -> String {
        let log = dir.appendingPathComponent("L").path
        let r = try tool.run(["demo", "--log", log, "--samples", "20", "--seed", "3"])
        #expect(r.status == 0, "\(r.stderrText)")
        return log
    }

    /// Every file under `log` with its bytes, to compare before and after.
    static func snapshot(_ log: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: log)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: log + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = FileManager.default.contents(atPath: log + "/" + name)
            }
        }
        return files
    }

    /// A Unix-domain socket file bound at `path` (the descriptor stays open until `close`).
    static func bindSocket(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind \(path): errno \(errno)")
        return fd
    }

    @Test func exportOverASegmentIsRefusedAndTheLogIsUntouched() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = try Self.makeLog(tool, dir)
        let before = try Self.snapshot(log)
        let segment = log + "/00000000000000000001.jsonl"
        for out in [segment, log + "/notes.csv", log + "/index/x.csv"] {
            let r = try tool.run(["export", "--log", log, "--format", "csv", "--out", out])
            #expect(r.status == 1)
            #expect(r.stderrText.hasPrefix("Error: cannot write the export: '\(out)' is inside the tslog log "), "\(r.stderrText)")
            #expect(r.stdout.isEmpty)
        }
        // Through a symbolic link to the log's directory, too.
        let alias = dir.appendingPathComponent("alias").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: log)
        let viaLink = try tool.run(["export", "--log", log, "--out", alias + "/00000000000000000001.jsonl"])
        #expect(viaLink.status == 1 && viaLink.stderrText.contains("is inside the tslog log"), "\(viaLink.stderrText)")
        let report = try tool.run(["report", "--log", log, "--out", log + "/report.html"])
        #expect(report.status == 1 && report.stderrText.contains("is inside the tslog log"), "\(report.stderrText)")
        #expect(try Self.snapshot(log) == before)
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    @Test func exportOverAFIFOASocketOrALinkIsRefused() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = try Self.makeLog(tool, dir)
        let fifo = dir.appendingPathComponent("fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let socketPath = dir.appendingPathComponent("sock").path
        let socketFD = try Self.bindSocket(socketPath)
        defer { close(socketFD) }
        let precious = dir.appendingPathComponent("precious").path
        try "keep me\n".write(toFile: precious, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: precious)
        let dangling = dir.appendingPathComponent("dangling.csv").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: dir.appendingPathComponent("nowhere").path)

        let cases: [(String, String)] = [
            (fifo, "is a FIFO (named pipe); tslog replaces only regular files"),
            (socketPath, "is a socket; tslog replaces only regular files"),
            (link, "is a symbolic link; refusing to write through or over it"),
            (dangling, "is a symbolic link; refusing to write through or over it"),
        ]
        for (out, reason) in cases {
            let r = try tool.run(["export", "--log", log, "--format", "csv", "--out", out])
            #expect(r.status == 1)
            #expect(r.stderrText.hasPrefix("Error: cannot write the export: '\(out)' \(reason)"), "\(r.stderrText)")
        }
        // The position sidecar is checked before anything is written.
        let plain = dir.appendingPathComponent("plain.csv").path
        try #require(mkfifo(plain + ".position.json", 0o600) == 0)
        let sidecar = try tool.run(["export", "--log", log, "--format", "csv", "--out", plain])
        #expect(sidecar.status == 1 && sidecar.stderrText.contains("plain.csv.position.json' is a FIFO"), "\(sidecar.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: plain))

        func kind(_ path: String) -> mode_t {
            var st = stat()
            return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
        }
        #expect(kind(fifo) == S_IFIFO && kind(socketPath) == S_IFSOCK && kind(plain + ".position.json") == S_IFIFO)
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == precious)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nowhere").path))
        #expect(!FileManager.default.fileExists(atPath: fifo + ".position.json"))
        // A regular file is replaced whole.
        try "old\n".write(toFile: plain + "2", atomically: true, encoding: .utf8)
        #expect(try tool.run(["export", "--log", log, "--format", "csv", "--out", plain + "2"]).status == 0)
        #expect(try String(contentsOfFile: plain + "2", encoding: .utf8).hasPrefix("id,"))
    }

    @Test func replayIntoTheLogIsRefused() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = try Self.makeLog(tool, dir)
        let before = try Self.snapshot(log)
        let names = try FileManager.default.contentsOfDirectory(atPath: log).sorted()
        for into in [log + "/00000000000000000700.jsonl", log + "/backup", log + "/index/copy"] {
            let r = try tool.run(["replay", "--log", log, "--into", into])
            #expect(r.status == 1)
            #expect(r.stderrText.hasPrefix("Error: '\(into)' is inside the tslog log "), "\(r.stderrText)")
        }
        #expect(try Self.snapshot(log) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: log).sorted() == names)
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }
}
