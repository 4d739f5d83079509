import Foundation
import TestSupport
import Testing

/// `tslog append` on a real full disk: a 256 KiB tmpfs mounted for the test (needs root; the test
/// says so and passes vacuously without it — the same paths are covered in-process by
/// `FaultInjectionTests` through the fault layer).
@Suite("Full disk through the binary")
struct ReliabilityDiskFullTests {
    /// Mounts a tmpfs of `size` at a fresh directory; nil when mounting is not allowed here.
    static func mountTmpfs(size: String) throws -> URL? {
        let dir = try makeTemporaryDirectory()
        let status = try ChildProcess.spawn("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", dir.path]).wait()
        if status != 0 {
            removeTemporaryDirectory(dir)
            return nil
        }
        return dir
    }

    static func unmount(_ dir: URL) {
        _ = try? ChildProcess.spawn("/bin/umount", [dir.path]).wait()
        removeTemporaryDirectory(dir)
    }

    func batch(_ round: Int, _ count: Int) -> [UInt8] {
        Array((0..<count).map { i in
            String(format: #"{"type":"sample.submitted","sample_id":"%08x-0000-4000-8000-%012x","event_id":"r%d-%d","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#, round, i, round, i) + "\n"
        }.joined().utf8)
    }

    func recordCount(_ tool: BinaryRunner, _ log: String) throws -> Int {
        let out = try tool.run(["log", "--log", log, "--format", "json"])
        #expect(out.status == 0, "tslog log failed: \(out.stderrText)")
        return out.stdoutText.split(separator: "\n").count
    }

    @Test func appendOnAFullDiskFailsCleanlyAndWorksOnceSpaceIsFreed() throws {
        guard let mount = try Self.mountTmpfs(size: "256k") else {
            #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_MOUNT"] != "1", "TSLOG_REQUIRE_MOUNT=1 but mounting a tmpfs failed")
            print("ReliabilityDiskFullTests: cannot mount a tmpfs here (not root?); covered by FaultInjectionTests instead")
            return
        }
        defer { Self.unmount(mount) }
        let tool = try BinaryRunner.locate()
        let log = mount.path + "/log"
        let filler = mount.path + "/filler"
        try Data(count: 120_000).write(to: URL(fileURLWithPath: filler))

        var acknowledged = 0
        var failure: BinaryRunner.Result?
        for round in 0..<100 {
            let result = try tool.run(["append", "--log", log], stdin: batch(round, 40))
            if result.status != 0 { failure = result; break }
            acknowledged += 40
        }
        let full = try #require(failure, "the disk never filled")
        #expect(full.status == 1)
        #expect(full.stdout.isEmpty)
        #expect(full.stderrText.hasPrefix("Error: append of records \(acknowledged + 1)... failed: nothing of it was stored"), "\(full.stderrText)")
        #expect(full.stderrText.contains("No space left on device (errno 28)"), "\(full.stderrText)")
        #expect(full.stderrText.contains("free disk space and append again"), "\(full.stderrText)")

        // Readers and verify still work on the full disk; nothing partial is stored.
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stdoutText.contains("\(acknowledged) records"), "\(verify.stdoutText)")
        #expect(try recordCount(tool, log) == acknowledged)
        let query = try tool.run(["query", "overall", "--log", log])
        #expect(query.status == 0, "\(query.stderrText)")

        // Another attempt while still full fails the same way and changes nothing.
        let again = try tool.run(["append", "--log", log], stdin: batch(1000, 40))
        #expect(again.status == 1)
        #expect(try recordCount(tool, log) == acknowledged)

        // Free the space: the next append gets the next seq.
        try FileManager.default.removeItem(atPath: filler)
        let next = try tool.run(["append", "--log", log], stdin: batch(2000, 2))
        #expect(next.status == 0, "\(next.stderrText)")
        #expect(next.stdoutText == "appended 2 events (seq \(acknowledged + 1)-\(acknowledged + 2)), 0 duplicates skipped\n")
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    /// `tslog serve` on the full disk: the POST that does not fit is 507 with a JSON error naming
    /// ENOSPC, nothing of it stored; the server serves on (reads, health) and, once space is
    /// freed, appends again with the next seq, without a restart.
    @Test func serverOnAFullDiskAnswers507AndAppendsOnceSpaceIsFreed() throws {
        guard let mount = try Self.mountTmpfs(size: "1m") else {
            #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_MOUNT"] != "1", "TSLOG_REQUIRE_MOUNT=1 but mounting a tmpfs failed")
            print("ReliabilityDiskFullTests: cannot mount a tmpfs here (not root?); the 507 is covered by FileSizeLimitTests instead")
            return
        }
        defer { Self.unmount(mount) }
        let outside = try makeTemporaryDirectory()  // tokens and the server's stdout/stderr
        defer { removeTemporaryDirectory(outside) }
        let tool = try BinaryRunner.locate()
        let log = mount.path + "/log"
        let filler = mount.path + "/filler"
        #expect(try tool.run(["append", "--log", log], stdin: batch(0, 10)).status == 0)
        try Data(count: 600_000).write(to: URL(fileURLWithPath: filler))
        let server = try ServerProcess(directory: outside.path, log: log)

        var acknowledged = 10
        var full: HTTPResult?
        for round in 1..<100 {
            let answer = try server.request("POST", "/v1/events", body: String(decoding: batch(round, 200), as: UTF8.self))
            if answer.status != 201 { full = answer; break }
            acknowledged += 200
        }
        let refused = try #require(full, "the disk never filled")
        #expect(refused.status == 507, "\(refused.status) \(refused.text)")
        let message = refused.json["error"] as? String ?? ""
        #expect(message.contains("nothing of it was stored") && message.contains("No space left on device (errno 28)"), "\(refused.text)")
        #expect(try server.request("GET", "/healthz", token: nil).status == 200)
        #expect(try server.request("GET", "/v1/stats", token: ServerProcess.readToken).status == 200)

        try FileManager.default.removeItem(atPath: filler)
        let next = try server.request("POST", "/v1/events", body: String(decoding: batch(5000, 2), as: UTF8.self))
        #expect(next.status == 201, "\(next.text)")
        #expect(next.json["first_seq"] as? Int == acknowledged + 1, "\(next.text)")
        #expect(try server.stop() == 0)
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.status == 0 && verify.stdoutText.contains("\(acknowledged + 2) records"), "\(verify.stdoutText)\(verify.stderrText)")
    }

    /// Fills the mount at `mount` to the last byte: `filler` grows 4 KiB at a time until the
    /// write fails (the caller removes it to free the space).
    static func fill(_ filler: String) throws {
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        defer { try? handle.close() }
        let page = Data(count: 4096)
        while (try? handle.write(contentsOf: page)) != nil {}
        for _ in 0..<64 where (try? handle.write(contentsOf: Data(count: 64))) != nil {}
    }

    /// Each writing command, on a full disk, advises running *itself* again and says what it
    /// left (not the writer's "append again"): import appends in one write, so nothing of the
    /// file was imported; a replay is all or nothing, so nothing was replayed and DIR was not
    /// made (nor a temporary copy left beside it).
    @Test func eachWritingCommandOnAFullDiskAdvisesRunningItselfAgain() throws {
        guard let mount = try Self.mountTmpfs(size: "256k") else {
            #expect(ProcessInfo.processInfo.environment["TSLOG_REQUIRE_MOUNT"] != "1", "TSLOG_REQUIRE_MOUNT=1 but mounting a tmpfs failed")
            print("ReliabilityDiskFullTests: cannot mount a tmpfs here (not root?); skipped")
            return
        }
        defer { Self.unmount(mount) }
        let outside = try makeTemporaryDirectory()  // the source log of the replay, the CSV
        defer { removeTemporaryDirectory(outside) }
        let tool = try BinaryRunner.locate()
        let log = mount.path + "/log"
        #expect(try tool.run(["append", "--log", log], stdin: batch(0, 5)).status == 0)
        let source = outside.path + "/log"
        #expect(try tool.run(["append", "--log", source], stdin: batch(1, 400)).status == 0)
        let csv = outside.path + "/rows.csv"
        try ("id,created_at,image_url,image_path,label,label_type\n" + (1...400).map {
            String(format: "00000000-0000-4000-9000-%012x,2026-11-25T12:00:00Z,https://x.example/%d.jpg,%d.jpg,near_mint,grade\n", $0, $0, $0)
        }.joined()).write(toFile: csv, atomically: true, encoding: .utf8)
        try Self.fill(mount.path + "/filler")

        let imported = try tool.run(["import", csv, "--log", log])
        #expect(imported.status == 1)
        #expect(imported.stderrText.contains("No space left on device (errno 28)"), "\(imported.stderrText)")
        #expect(imported.stderrText.contains("free disk space and import the file again; nothing of it was imported"), "\(imported.stderrText)")
        #expect(!imported.stderrText.contains("append again"), "\(imported.stderrText)")
        #expect(try recordCount(tool, log) == 5)

        let copy = mount.path + "/copy"
        let replayed = try tool.run(["replay", "--log", source, "--into", copy])
        #expect(replayed.status == 1)
        #expect(replayed.stderrText.hasPrefix("Error: replay into \(copy) failed: nothing was replayed"), "\(replayed.stderrText)")
        #expect(replayed.stderrText.contains("No space left on device (errno 28)"), "\(replayed.stderrText)")
        #expect(replayed.stderrText.contains("free disk space and run the replay again"), "\(replayed.stderrText)")
        #expect(!replayed.stderrText.contains("append again"), "\(replayed.stderrText)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path).sorted() == ["filler", "log"])
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }
}
