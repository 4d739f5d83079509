import Foundation
import Testing

/// After a power cut only what was fsynced survives, and a directory created is there only once
/// the directory holding it was fsynced. These tests run the built binary under strace and check
/// the order of the calls a writing command makes against that rule (an ALICE-style audit;
/// docs/events.md, "What each writing command fsyncs"). kill -9 is `CrashTests`' part.
@Suite("power loss: what is fsynced before success")
struct PowerLossOrderTests {
    static func submitLines(_ count: Int, from first: Int = 1) -> [UInt8] {
        Array((first..<first + count).map { i in
            String(format: #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-%012x","event_id":"e%d","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#, i, i) + "\n"
        }.joined().utf8)
    }

    /// Runs `body` with the built binary and a fresh temporary directory (removed after), when
    /// strace is here (`SyscallTrace.available` says why not, and fails in CI).
    static func traced(_ body: (BinaryRunner, URL) throws -> Void) throws {
        guard SyscallTrace.available() else { return }
        let tool = try BinaryRunner.locate()
        let base = try resolvedTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        try body(tool, base)
    }

    /// A temporary directory by the path strace prints for its descriptors (links resolved).
    static func resolvedTemporaryDirectory() throws -> URL {
        let url = try makeTemporaryDirectory()
        return URL(fileURLWithPath: url.path).resolvingSymlinksInPath()
    }

    /// `tslog append` to a log whose directory and the two above it do not exist: each is
    /// created and its parent fsynced before the success line is written. Before, the log
    /// directory came from FileManager (mkdir, chmod) and no parent was ever fsynced, so a power
    /// cut after "appended" could lose the whole log.
    @Test func appendToANewLogMakesEveryCreatedDirectoryDurableBeforeSuccess() throws {
        try Self.traced { tool, base in
            let log = base.path + "/a/b/log"
            let trace = try SyscallTrace.run(tool, ["append", "--log", log], stdin: Self.submitLines(3), in: base)
            #expect(trace.status == 0, "\(trace.stderr)")
            #expect(trace.stdout == "appended 3 events (seq 1-3), 0 duplicates skipped\n")
            let success = try #require(trace.first(SyscallTrace.isStdoutWrite(containing: "appended 3 events")))
            for directory in [base.path + "/a", base.path + "/a/b", log] {
                let made = try #require(trace.first(SyscallTrace.isMkdir(of: directory)), "no mkdir of \(directory)")
                let parent = (directory as NSString).deletingLastPathComponent
                let synced = trace.first(from: made + 1, SyscallTrace.isFsync(of: parent))
                #expect(synced.map { $0 < success } == true, "mkdir \(directory) is not followed by an fsync of \(parent) before the success line")
            }
        }
    }

    /// `tslog append` to a log without `recovery.point` (a repair removes it; a log made before
    /// it existed has none): the writer creates it and fsyncs the log directory before the
    /// success line. Before, its name was made durable only by the next segment's creation, so
    /// a power cut could take the file and every mark in it, an unbounded lag (the documented
    /// one is a second).
    @Test func aCreatedRecoveryPointIsNamedDurablyBeforeSuccess() throws {
        try Self.traced { tool, base in
            let log = base.path + "/log"
            #expect(try tool.run(["append", "--log", log], stdin: Self.submitLines(3)).status == 0)
            try FileManager.default.removeItem(atPath: log + "/recovery.point")

            let trace = try SyscallTrace.run(tool, ["append", "--log", log], stdin: Self.submitLines(1, from: 4), in: base)
            #expect(trace.status == 0, "\(trace.stderr)")
            let success = try #require(trace.first(SyscallTrace.isStdoutWrite(containing: "appended 1 event")))
            let created = try #require(trace.first { $0.name == "openat" && $0.line.contains("\"\(log)/recovery.point\", O_RDWR|O_CREAT") })
            let synced = trace.first(from: created + 1, SyscallTrace.isFsync(of: log))
            #expect(synced.map { $0 < success } == true, "recovery.point is created but \(log) is not fsynced before the success line")
            #expect(FileManager.default.fileExists(atPath: log + "/recovery.point"))
        }
    }

    /// `tslog verify --repair`: the staging directory (`DIR/repair`, which holds the plan a rerun
    /// finishes) and `DIR/damaged` (which holds the only copy of the damaged segment once it is
    /// moved) are made durable in the log directory before the first segment is moved aside.
    /// Before, `DIR/repair` and `DIR/damaged` were fsynced into `DIR` only after the moves.
    @Test func repairMakesItsDirectoriesDurableBeforeMovingASegment() throws {
        try Self.traced { tool, base in
            let log = base.path + "/log"
            #expect(try tool.run(["append", "--log", log], stdin: Self.submitLines(10)).status == 0)
            let segment = log + "/00000000000000000001.jsonl"
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
            let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
            bytes[lineStarts[4] + 40] ^= 0x01  // inside seq 5: corruption below the recovery point
            try Data(bytes).write(to: URL(fileURLWithPath: segment))

            let trace = try SyscallTrace.run(tool, ["verify", "--log", log, "--repair"], in: base)
            #expect(trace.status == 0, "\(trace.stderr)")
            let firstMove = try #require(trace.first { $0.name == "rename" && $0.line.hasPrefix("rename(\"\(segment)\", \"\(log)/damaged/") })
            for directory in [log + "/repair", log + "/damaged"] {
                let made = try #require(trace.first(SyscallTrace.isMkdir(of: directory)), "no mkdir of \(directory)")
                let synced = trace.first(from: made + 1, SyscallTrace.isFsync(of: log))
                #expect(synced.map { $0 < firstMove } == true, "mkdir \(directory) is not followed by an fsync of \(log) before the segment is moved aside")
            }
            #expect(try tool.run(["verify", "--log", log]).status == 0)
        }
    }

    /// What the audit found right, kept so: an append to an existing log writes the batch with
    /// one `pwrite` and makes it durable with one `fdatasync` of that segment before the success
    /// line, and fsyncs no directory (no file was created).
    @Test func appendMakesTheBatchDurableBeforeSuccessWithOneFdatasync() throws {
        try Self.traced { tool, base in
            let log = base.path + "/log"
            #expect(try tool.run(["append", "--log", log], stdin: Self.submitLines(3)).status == 0)
            let segment = log + "/00000000000000000001.jsonl"

            let trace = try SyscallTrace.run(tool, ["append", "--log", log], stdin: Self.submitLines(2, from: 4), in: base)
            #expect(trace.status == 0, "\(trace.stderr)")
            let success = try #require(trace.first(SyscallTrace.isStdoutWrite(containing: "appended 2 events")))
            let writes = trace.calls.indices.filter { trace.calls[$0].name == "pwrite64" && trace.calls[$0].line.contains("<\(segment)>") }
            let syncs = trace.calls.indices.filter { trace.calls[$0].name == "fdatasync" && trace.calls[$0].line.contains("<\(segment)>") }
            #expect(writes.count == 1 && syncs.count == 1, "\(writes.count) pwrite and \(syncs.count) fdatasync of the segment")
            if let write = writes.first, let sync = syncs.first { #expect(write < sync && sync < success) }
            #expect(trace.first(SyscallTrace.isFsync(of: log)) == nil, "an append that creates no file fsyncs no directory")
        }
    }

    /// What the audit found right, kept so: `replay --into` renames its finished copy into place
    /// and fsyncs the parent directory before it prints the summary.
    @Test func replayPublishesTheCopyDurablyBeforeItsSummary() throws {
        try Self.traced { tool, base in
            let log = base.path + "/log"
            #expect(try tool.run(["append", "--log", log], stdin: Self.submitLines(3)).status == 0)
            try FileManager.default.createDirectory(atPath: base.path + "/backup", withIntermediateDirectories: false)
            let copy = base.path + "/backup/copy"

            let trace = try SyscallTrace.run(tool, ["replay", "--log", log, "--into", copy], in: base)
            #expect(trace.status == 0, "\(trace.stderr)")
            let success = try #require(trace.first(SyscallTrace.isStdoutWrite(containing: "replayed 3 events")))
            let published = try #require(trace.first { $0.name == "rename" && $0.line.contains(", \"\(copy)\")") })
            let synced = trace.first(from: published + 1, SyscallTrace.isFsync(of: base.path + "/backup"))
            #expect(synced.map { $0 < success } == true, "the copy's rename is not followed by an fsync of its parent before the summary")
        }
    }
}
