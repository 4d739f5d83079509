import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// `tslog log --follow` notices a log cut or replaced under it and stops with an error, instead
/// of printing records of two logs that share seqs (issue 17).
@Suite("tslog log --follow: a cut or replaced log")
struct FollowReplacedTests {
    enum Change: String, CaseIterable { case cut, replaced, rewritten }

    /// A follower of a 40-event log; then the log is changed under it: its segment cut to 20
    /// lines, the directory replaced by another log (another log id), or the same log id with
    /// other records at the same seqs (the last line rewritten). Each time the follower exits 1
    /// naming the change, having printed only the first log's records.
    @Test(arguments: Change.allCases)
    func aFollowerStopsWhenTheLogChangesUnderIt(change: Change) throws {
        let runner = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let store = try SampleStore(directory: log)
        _ = try store.append(lines: FollowTests.demoLines(0..<40), skipInvalid: false, now: .now())
        try store.close()
        let original = try FollowTests.recordLines(log)
        let out = dir.appendingPathComponent("follow.out").path
        let err = dir.appendingPathComponent("follow.err").path
        let follower = try ChildProcess.spawn(runner.executable.path,
                                              ["log", "--log", log, "--follow", "--format", "json", "--from-seq", "1"],
                                              stdout: out, stderr: err, diesWithParent: true)
        var ended = false
        defer { if !ended { kill(follower.pid, SIGKILL); _ = try? follower.wait(timeout: 5) } }
        // Wait until it printed the whole log.
        for _ in 0..<200 where ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").count < 40 {
            usleep(50_000)
        }
        let segment = log + "/00000000000000000001.jsonl"
        switch change {
        case .cut:
            let kept = original.prefix(20).map { $0 + "\n" }.joined()
            try Data(kept.utf8).write(to: URL(fileURLWithPath: segment), options: .atomic)
        case .replaced:
            let other = dir.appendingPathComponent("other").path
            let second = try SampleStore(directory: other)
            _ = try second.append(lines: FollowTests.demoLines(0..<60), skipInvalid: false, now: .now())
            try second.close()
            try FileManager.default.moveItem(atPath: log, toPath: dir.appendingPathComponent("old").path)
            try FileManager.default.moveItem(atPath: other, toPath: log)
        case .rewritten:
            // The same id, other records from seq 40 on: a copy of the log cut to 39 records and
            // appended to, whose segment is then renamed over the followed one (one atomic step).
            let work = dir.appendingPathComponent("work").path
            try FileManager.default.copyItem(atPath: log, toPath: work)
            let kept = original.prefix(39).map { $0 + "\n" }.joined()
            try Data(kept.utf8).write(to: URL(fileURLWithPath: work + "/00000000000000000001.jsonl"))
            try? FileManager.default.removeItem(atPath: work + "/recovery.point")
            let again = try SampleStore(directory: work)
            _ = try again.append(lines: FollowTests.demoLines(39..<44), skipInvalid: false, now: .now())
            try again.close()
            #expect(rename(work + "/00000000000000000001.jsonl", segment) == 0)
        }
        let status = try follower.wait(timeout: 30)
        ended = true
        let stderr = try String(contentsOfFile: err, encoding: .utf8)
        #expect(status == 1, "\(stderr)")
        let expected = change == .cut ? "was cut while following it: it ends at seq 20 now, but it held seq 40 before"
            : change == .replaced ? "was replaced while following it (log id" : "was replaced while following it: seq 40 holds another record now"
        #expect(stderr.contains(expected), "\(stderr)")
        let printed = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(printed == original)
    }
}
