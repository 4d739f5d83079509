import Foundation
import Testing
@testable import tslog

@Suite("tslog replay")
struct ReplayCommandTests {
    /// Every query, with the options each one reads.
    static let queries: [[String]] = [
        ["label-types"], ["labels"], ["labels", "--label-type", "defect"], ["failed"], ["failed", "--limit", "3"],
        ["daily"], ["daily", "--days", "2"], ["samples", "--label", "good"], ["samples", "--label", "a/b", "--label-type", "region"],
        ["accepted"], ["scans"], ["balance"], ["balance", "--label-type", "defect", "--below", "3"], ["overall"], ["problems"],
    ]

    @Test func replayAtAPointAnswersEveryQueryAsTheOriginalDidThen() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let last = try ExportTestLog.make(log, seed: 3, samples: 80)
        for point in [0, 1, last / 2, last] {
            let copy = dir.appendingPathComponent("copy-\(point)").path
            let r = runInProcess(["replay", "--log", log, "--into", copy, "--as-of-seq", "\(point)"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "replayed \(point) event\(point == 1 ? "" : "s") (seq 1-\(point)) into \(copy); verified\n")
            for query in ReplayCommandTests.queries {
                for format in ["csv", "json"] {
                    let original = try ExportTestLog.run(["query"] + query + ["--format", format, "--log", log, "--as-of-seq", "\(point)"])
                    let replayed = try ExportTestLog.run(["query"] + query + ["--format", format, "--log", copy])
                    #expect(original == replayed, "\(query) at seq \(point)")
                }
            }
            #expect(try ExportTestLog.run(["export", "--log", copy, "--format", "jsonl"])
                    == ExportTestLog.run(["export", "--log", log, "--format", "jsonl", "--as-of-seq", "\(point)"]))
        }
        // The full copy's records are the original's, line for line (same seq, recorded_at, payload).
        let full = dir.appendingPathComponent("copy-\(last)").path
        #expect(try ExportTestLog.run(["log", "--log", full]) == ExportTestLog.run(["log", "--log", log]))
        let segment = "00000000000000000001.jsonl"
        #expect(FileManager.default.contents(atPath: "\(full)/\(segment)") == FileManager.default.contents(atPath: "\(log)/\(segment)"))
    }

    @Test func refusesANonEmptyTargetAndAcceptsAnEmptyOne() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log, samples: 5)
        let busy = dir.appendingPathComponent("busy").path
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: false)
        try "x".write(toFile: busy + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = runInProcess(["replay", "--log", log, "--into", busy])
        #expect(refused.status == 1)
        #expect(refused.stderr == "Error: '\(busy)' is not empty (it holds 'notes.txt'); replay writes only into a new or empty directory\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy) == ["notes.txt"])
        let empty = dir.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(runInProcess(["replay", "--log", log, "--into", empty]).status == 0)
        #expect(runInProcess(["verify", "--log", empty]).status == 0)
        // Nothing temporary is left beside the targets.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["busy", "empty", "log"])
        let missing = runInProcess(["replay", "--log", log])
        #expect(missing.status == 64 && missing.stderr.hasPrefix("Error: missing option '--into DIR'\n"))
    }

    @Test func refusesATargetThatIsASymbolicLink() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log, samples: 3)
        let elsewhere = dir.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        let link = dir.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
        let r = runInProcess(["replay", "--log", log, "--into", link])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: '\(link)' is a symbolic link; replay does not follow it: name the real directory\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }
}
