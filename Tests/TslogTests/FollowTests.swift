import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing
@testable import tslog

/// `tslog log --follow`: a running follower sees what other processes append, across rotation.
@Suite("tslog log --follow")
struct FollowTests {
    /// Demo input lines `range` of the seeded demo (numbered from 1).
    static func demoLines(_ range: Range<Int>, samples: Int = 200) -> [(number: Int, bytes: [UInt8])] {
        Array(DemoGenerator(seed: 5, samples: samples).enumerated())
            .filter { range.contains($0.offset) }
            .map { ($0.offset + 1, Array($0.element.inputLine.utf8)) }
    }

    /// Every record line in the log, in seq order.
    static func recordLines(_ log: String) throws -> [String] {
        var lines: [String] = []
        try LogReader(directory: log).scan { lines.append(String(decoding: $0.line, as: UTF8.self)) }
        return lines
    }

    static func segmentCount(_ log: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".jsonl") }.count
    }

    @Test func followerSeesAppendsFromOtherProcessesAcrossRotation() throws {
        let runner = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let all = Self.demoLines(0..<400)
        // Some history before the follower starts, in small segments.
        let small = LogOptions(segmentMaxBytes: 4_000)
        do {
            let store = try SampleStore(directory: log, options: small)
            _ = try store.append(lines: Array(all[0..<20]), skipInvalid: false, now: .now())
            try store.close()
        }
        let out = dir.appendingPathComponent("follow.out").path
        let follower = try ChildProcess.spawn(
            runner.executable.path, ["log", "--log", log, "--follow", "--format", "json", "--from-seq", "1", "--limit", "\(all.count)"],
            stdout: out, stderr: dir.appendingPathComponent("follow.err").path, diesWithParent: true)
        var killed = false
        defer { if !killed { kill(follower.pid, SIGKILL); _ = try? follower.wait(timeout: 5) } }
        usleep(300_000)
        // This process appends in batches with small segments: the follower crosses rotations.
        let segmentsBefore = try Self.segmentCount(log)
        var next = 20
        for size in [1, 30, 7, 80, 2] {
            let store = try SampleStore(directory: log, options: small)
            _ = try store.append(lines: Array(all[next..<(next + size)]), skipInvalid: false, now: .now())
            try store.close()
            next += size
            usleep(150_000)
        }
        #expect(try Self.segmentCount(log) > segmentsBefore + 2)
        // Then `tslog append` processes append the rest.
        while next < all.count {
            let batch = all[next..<min(next + 60, all.count)]
            let input: [UInt8] = batch.flatMap { line -> [UInt8] in line.bytes + [0x0A] }
            let r = try runner.run(["append", "--log", log, "--no-sync"], stdin: input)
            #expect(r.status == 0, "\(r.stderrText)")
            next += batch.count
            usleep(100_000)
        }
        let status = try follower.wait(timeout: 60)
        killed = true
        #expect(status == 0)
        let followed = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = try Self.recordLines(log)
        #expect(expected.count == all.count)
        #expect(followed == expected + [""])
    }

    @Test func followWithoutFromSeqStartsWithTheLastTenAndFilters() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let store = try SampleStore(directory: log)
        _ = try store.append(lines: Self.demoLines(0..<50), skipInvalid: false, now: .now())
        try store.close()
        let lines = try Self.recordLines(log)
        let r = runInProcess(["log", "--log", log, "--follow", "--format", "json", "--limit", "10"])
        #expect(r.status == 0)
        #expect(r.stdout == lines.suffix(10).map { $0 + "\n" }.joined())
        let submitted = runInProcess(["log", "--log", log, "--follow", "--from-seq", "1", "--type", "sample.submitted", "--limit", "3"])
        #expect(submitted.status == 0)
        #expect(submitted.stdout.split(separator: "\n").dropFirst(2).count == 3)
        #expect(submitted.stdout.split(separator: "\n").dropFirst(2).allSatisfy { $0.contains("sample.submitted") })
    }
}
