import EventLog
import Foundation
import TestSupport
import Testing

/// Issue 17 item 2: one writer per log whatever happens to `DIR/LOCK`. The lock is taken on the
/// log directory itself (and on `LOCK`), so deleting or replacing the `LOCK` file while a writer
/// runs does not let a second writer in.
@Suite("One writer per log, whatever happens to the lock file")
struct ReliabilityLockTests {
    /// This test process holds a writer; `LOCK` is replaced by a new file; the built binary's
    /// append must fail naming this process's pid, and append nothing.
    @Test func aReplacedLockFileDoesNotLetASecondProcessWrite() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let made = try tool.run(["demo", "--log", log, "--samples", "5"])
        try #require(made.status == 0, "\(made.stderrText)")
        let writer = try LogWriter.open(directory: log)
        defer { try? writer.close() }
        let before = writer.lastSeq
        let lockPath = log + "/LOCK"
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(getpid())\n")
        // Replaced: a new file (new inode) at the name, holding our pid as the old one did.
        try FileManager.default.removeItem(atPath: lockPath)
        try "\(getpid())\n".write(toFile: lockPath, atomically: false, encoding: .utf8)
        let r = try tool.run(["tag", "--log", log, "v-second"])
        #expect(r.status == 1)
        #expect(r.stderrText.contains("another tslog process (pid \(getpid())) is writing to \(log)"), "\(r.stderrText)")
        #expect(try LogReader(directory: log).lastSeq == before)
    }

    /// Deleted, then a second writer in another descriptor (the same as another process for
    /// flock): refused at once; after the first closes, writing works again.
    @Test func aDeletedLockFileDoesNotLetASecondWriterIn() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let writer = try LogWriter.open(directory: log)
        _ = try writer.append([NewRecord(type: "t", schemaVersion: 1, payload: Array("{}".utf8))])
        try FileManager.default.removeItem(atPath: log + "/LOCK")
        var refused: LogError?
        do {
            let second = try LogWriter.open(directory: log, options: LogOptions(lockTimeout: 0))
            try second.close()
        } catch let error as LogError {
            refused = error
        }
        #expect(refused?.kind == .locked)
        try writer.close()
        let again = try LogWriter.open(directory: log, options: LogOptions(lockTimeout: 0))
        #expect(again.lastSeq == 1)
        try again.close()
    }
}
