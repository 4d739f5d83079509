import Foundation
import Testing
@testable import tslog

/// Reading commands with checkpoints: same answers with and without, `--no-checkpoint` neither
/// reads nor writes them, and a fold that replays enough records leaves one behind.
@Suite("Checkpoints from the command line")
struct CheckpointCommandTests {
    static let queries: [[String]] = [
        ["query", "label-types"], ["query", "labels"], ["query", "labels", "--label-type", "defect"],
        ["query", "failed", "--limit", "50"], ["query", "daily"], ["query", "samples", "--label", "near_mint"],
        ["query", "accepted"], ["query", "scans"], ["query", "balance", "--below", "100"], ["query", "overall"],
        ["query", "problems"], ["project", "stats", "--format", "json"],
    ]

    /// `query` with `--log log`, `--format csv` unless it names a format, then `extra`.
    static func words(_ query: [String], _ log: String, _ extra: [String] = []) -> [String] {
        query + ["--log", log] + (query.contains("--format") ? [] : ["--format", "csv"]) + extra
    }

    static func checkpoints(_ log: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: log + "/checkpoints")) ?? []).sorted()
    }

    @Test func everyReadingCommandAnswersTheSameWithAndWithoutCheckpoints() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.path + "/log"
        #expect(runInProcess(["demo", "--log", log, "--samples", "300", "--seed", "7"]).status == 0)
        try? FileManager.default.removeItem(atPath: log + "/checkpoints")
        let everyRecord = ["TSLOG_CHECKPOINT_AFTER": "0"]
        // --no-checkpoint writes none, even when the threshold says it should.
        let cold = Self.queries.map { runInProcess(Self.words($0, log, ["--no-checkpoint"]), environment: everyRecord) }
        #expect(cold.allSatisfy { $0.status == 0 && $0.stderr == "" })
        #expect(Self.checkpoints(log) == [])
        // A read at the middle of the log writes a checkpoint there; later reads start from it.
        let middle = runInProcess(["query", "overall", "--log", log, "--as-of-seq", "300"], environment: everyRecord)
        #expect(middle.status == 0)
        #expect(Self.checkpoints(log) == ["00000000000000000300.ckpt"])
        let warm = Self.queries.map { runInProcess(Self.words($0, log), environment: everyRecord) }
        #expect(Self.checkpoints(log).count == 2)
        let again = Self.queries.map { runInProcess(Self.words($0, log)) }
        for (n, query) in Self.queries.enumerated() {
            #expect(warm[n].stdout == cold[n].stdout, "\(query)")
            #expect(again[n].stdout == cold[n].stdout, "\(query)")
            #expect(warm[n].stdout.count > 20, "\(query)")
        }
        // As of an earlier point, from the checkpoint at 300, equal to a cold fold there.
        for seq in ["300", "450"] {
            let withCheckpoint = runInProcess(["query", "accepted", "--log", log, "--as-of-seq", seq, "--format", "csv"])
            let without = runInProcess(["query", "accepted", "--log", log, "--as-of-seq", seq, "--format", "csv", "--no-checkpoint"])
            #expect(withCheckpoint.status == 0 && withCheckpoint.stdout == without.stdout)
        }
    }

    @Test func aDamagedCheckpointIsIgnoredByTheCommands() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.path + "/log"
        #expect(runInProcess(["demo", "--log", log, "--samples", "200", "--seed", "3"]).status == 0)
        try? FileManager.default.removeItem(atPath: log + "/checkpoints")
        let cold = runInProcess(["project", "stats", "--log", log, "--format", "json", "--no-checkpoint"])
        #expect(runInProcess(["project", "stats", "--log", log], environment: ["TSLOG_CHECKPOINT_AFTER": "0"]).status == 0)
        let name = try #require(Self.checkpoints(log).first)
        let path = log + "/checkpoints/" + name
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = runInProcess(["project", "stats", "--log", log, "--format", "json"])
        #expect(damaged.status == 0)
        #expect(damaged.stdout == cold.stdout)
    }
}
