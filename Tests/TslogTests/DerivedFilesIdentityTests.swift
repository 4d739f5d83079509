import Foundation
import Testing

/// The time index and checkpoints name the log and the prefix they cover: one copied from another
/// log, from a replayed copy, or from an earlier life of this log changes no answer (issue 17,
/// item 5). Through the built binary, on real logs.
@Suite("Derived time files: whose and how far")
struct DerivedFilesIdentityTests {
    enum Source: String, CaseIterable { case anotherLog, replayedCopy, earlierLife }

    static let timeIndex = "index/time.idx"

    /// `recorded_at` of the last record of `log`'s first segment.
    static func lastRecordedAt(_ log: String) throws -> String {
        let text = try String(contentsOfFile: log + "/00000000000000000001.jsonl", encoding: .utf8)
        let last = try #require(text.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        return try #require(object["recorded_at"] as? String)
    }

    static func logID(_ log: String) throws -> String {
        try String(contentsOfFile: log + "/log.id", encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// The 16 bytes at `offset` of `path` as the 32 hex digits `log.id` holds (two little-endian words).
    static func storedID(_ path: String, at offset: Int) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let id = bytes[offset..<(offset + 16)]
        return [id.prefix(8), id.suffix(8)].map { $0.reversed().map { String(format: "%02x", $0) }.joined() }.joined()
    }

    static func copy(_ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// A log's answers as of its own last record stay the same whatever time index is put in it:
    /// another log's (written later, so every entry is later: believed, it made `--as-of` answer
    /// 0 samples), a replayed copy's, or its own from before a cut (an earlier life).
    @Test(arguments: Source.allCases)
    func aTimeIndexThatIsNotThisLogsChangesNoAnswer(source: Source) throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log", other = base.path + "/other"
        #expect(try tool.run(["demo", "--log", log, "--samples", "40", "--seed", "3"]).status == 0)
        let asOf = try Self.lastRecordedAt(log)
        let queries = [["query", "overall"], ["query", "daily"], ["query", "labels"]].map {
            $0 + ["--log", log, "--as-of", asOf, "--format", "csv", "--no-checkpoint"]
        }
        let expected = try queries.map { try tool.run($0).stdoutText }
        #expect(expected[0].contains(",40,") || expected[0].contains("40"), "\(expected[0])")
        switch source {
        case .anotherLog:
            #expect(try tool.run(["demo", "--log", other, "--samples", "60", "--seed", "3"]).status == 0)
            #expect(try Self.lastRecordedAt(other) > asOf)
            try Self.copy(other + "/" + Self.timeIndex, log + "/" + Self.timeIndex)
        case .replayedCopy:
            #expect(try tool.run(["replay", "--log", log, "--into", other]).status == 0)
            #expect(try tool.run(["tag", "--log", other, "copy"]).status == 0)  // a writer opened it: its own index
            try Self.copy(other + "/" + Self.timeIndex, log + "/" + Self.timeIndex)
        case .earlierLife:
            // This log's own index, taken when it held more than it does now (the log was cut
            // back under it: a restore from a copy, a repair).
            try Self.copy(log, other)
            #expect(try tool.run(["tag", "--log", log, "later"]).status == 0)
            try Self.copy(log + "/" + Self.timeIndex, other + "/" + Self.timeIndex)
            try Self.copy(other, log)  // the log before the tag, with the index of the log after it
        }
        for (n, words) in queries.enumerated() {
            let r = try tool.run(words)
            #expect(r.status == 0 && r.stdoutText == expected[n], "\(source) \(words[1]): \(r.stdoutText) \(r.stderrText)")
        }
        // The next writer rebuilds it for this log: it names this log's id (header bytes 24..<40).
        #expect(try tool.run(["tag", "--log", log, "after"]).status == 0)
        #expect(try Self.storedID(log + "/" + Self.timeIndex, at: 24) == Self.logID(log))
        for (n, words) in queries.enumerated() { #expect(try tool.run(words).stdoutText == expected[n], "\(source)") }
    }

    /// A checkpoint copied from another log (the same seeded events, recorded at other times)
    /// or from a replayed copy (the same bytes, another log id) is not used: reads as of its seq
    /// and after it answer as a cold fold does, and the checkpoint such a read leaves there names
    /// this log's id (header bytes 24..<40).
    @Test(arguments: [Source.anotherLog, .replayedCopy])
    func aCheckpointThatIsNotThisLogsIsNotUsed(source: Source) throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log", other = base.path + "/other"
        let everyRead = ["TSLOG_CHECKPOINT_AFTER": "0"]
        #expect(try tool.run(["demo", "--log", log, "--samples", "60", "--seed", "5"]).status == 0)
        try? FileManager.default.removeItem(atPath: log + "/checkpoints")
        let queries = [["query", "overall"], ["query", "labels"], ["query", "daily"], ["query", "failed"]].flatMap { q in
            [q + ["--log", log, "--format", "csv", "--as-of-seq", "50"], q + ["--log", log, "--format", "csv"]]
        }
        let cold = try queries.map { try tool.run($0 + ["--no-checkpoint"]).stdoutText }
        switch source {
        case .anotherLog:
            #expect(try tool.run(["demo", "--log", other, "--samples", "60", "--seed", "5"]).status == 0)
        default:
            #expect(try tool.run(["replay", "--log", log, "--into", other]).status == 0)
            #expect(try tool.run(["tag", "--log", other, "copy"]).status == 0)  // a writer opened it: its own id
        }
        #expect(try tool.run(["query", "overall", "--log", other, "--as-of-seq", "50"], environment: everyRead).status == 0)
        let path = "/checkpoints/00000000000000000050.ckpt"
        #expect(try Self.storedID(other + path, at: 24) == Self.logID(other))
        try FileManager.default.createDirectory(atPath: log + "/checkpoints", withIntermediateDirectories: true)
        try Self.copy(other + path, log + path)
        for (n, words) in queries.enumerated() {
            let r = try tool.run(words, environment: everyRead)
            #expect(r.status == 0 && r.stdoutText == cold[n], "\(source) \(words)")
        }
        #expect(try Self.storedID(log + path, at: 24) == Self.logID(log))
    }
}
