import Foundation
import Testing

/// `tslog verify --repair` through the built binary: killed with SIGKILL before each of its
/// steps, the log is never called ok until the next `--repair` finishes it with the same
/// report; a `replay` backup heals; `history` and `verify` show what was lost (issue 17).
@Suite("tslog verify --repair: killed at every step, healed from a backup")
struct RepairKillTests {
    /// A demo log of 30 samples (65 records) with one flipped byte in the record at seq 5, and
    /// a backup of it made by `tslog replay` before the damage.
    func damagedLog(_ tool: BinaryRunner, _ base: URL) throws -> (log: String, backup: String, lines: [String]) {
        let log = base.path + "/log", backup = base.path + "/backup"
        #expect(try tool.run(["demo", "--log", log, "--samples", "30", "--seed", "9"]).status == 0)
        #expect(try tool.run(["replay", "--log", log, "--into", backup]).status == 0)
        let segment = log + "/00000000000000000001.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes[starts[4] + 60] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        return (log, backup, lines)
    }

    @Test func killedBeforeAnyStepTheNextRepairFinishesIt() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let (log, _, _) = try damagedLog(tool, base)
        let pristine = base.path + "/pristine"
        try FileManager.default.copyItem(atPath: log, toPath: pristine)
        var killedAt: [Int] = []
        var step = 0
        while step < 40 {
            try? FileManager.default.removeItem(atPath: log)
            try FileManager.default.copyItem(atPath: pristine, toPath: log)
            let run = try tool.run(["verify", "--repair", "--log", log], environment: ["TSLOG_TEST_REPAIR_KILL_AT_STEP": "\(step)"])
            if run.status == 0 { break }
            #expect(run.status == 128 + SIGKILL, "step \(step): \(run.stderrText)")
            killedAt.append(step)
            let between = try tool.run(["verify", "--log", log])
            #expect(between.status == 1 && between.stdoutText == "", "step \(step): verify said \(between.stdoutText)")
            let query = try tool.run(["query", "overall", "--log", log])
            #expect(query.status == 1, "step \(step)")
            let finish = try tool.run(["verify", "--repair", "--log", log])
            #expect(finish.status == 0, "step \(step): \(finish.stderrText)")
            #expect(finish.stdoutText.contains("lost: seq 5 (1 record), each marked by a log.lost record\n"), "step \(step): \(finish.stdoutText)")
            #expect(finish.stdoutText.hasSuffix("records, \(try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl")).count) bytes; lost in a repair and marked: seq 5 (1 record)\n"),
                    "step \(step): \(finish.stdoutText)")
            step += 1
        }
        #expect(killedAt.count >= 8, "\(killedAt)")
        print("repair killed with SIGKILL before each of steps \(killedAt.first ?? 0)-\(killedAt.last ?? 0); each finished by the next --repair")
    }

    /// The issue's example: one flipped byte at seq 5 — every other record stays; with the
    /// replay backup (`--from`) the log comes back byte for byte; without it, seq 5 is a marker
    /// that `verify` counts and `history` names.
    @Test func oneFlippedByteKeepsEveryOtherRecordAndABackupHealsIt() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let (log, backup, lines) = try damagedLog(tool, base)
        let marked = base.path + "/marked"
        try FileManager.default.copyItem(atPath: log, toPath: marked)
        let healed = try tool.run(["verify", "--repair", "--from", backup, "--log", log])
        #expect(healed.status == 0, "\(healed.stderrText)")
        #expect(healed.stdoutText.contains("healed from \(backup): seq 5 (1 record)\nlost: no records\nok: 1 segment, \(lines.count) records"), "\(healed.stdoutText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl"))
                == Data(contentsOf: URL(fileURLWithPath: backup + "/00000000000000000001.jsonl")))

        let repaired = try tool.run(["verify", "--repair", "--log", marked])
        #expect(repaired.status == 0 && repaired.stdoutText.contains("lost: seq 5 (1 record), each marked by a log.lost record\n"))
        let after = try String(contentsOfFile: marked + "/00000000000000000001.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(after.count == lines.count)
        for k in lines.indices where k != 4 { #expect(after[k] == lines[k], "line \(k + 1)") }
        let sample = try #require(lines[0].range(of: #""sample_id":""#).map { String(lines[0][$0.upperBound...].prefix(36)) })
        let history = try tool.run(["history", sample, "--log", marked])
        #expect(history.status == 0)
        #expect(history.stdoutText.hasSuffix("note: the log lost seq 5 (1 record) in a repair (log.lost markers); any of them may have been about this sample\n"), "\(history.stdoutText)")
        // `log` shows the marker in its place; the answers skip it (it is no sample's event).
        let listed = try tool.run(["log", "--log", marked, "--limit", "6"])
        #expect(listed.status == 0 && listed.stdoutText.contains("log.lost"), "\(listed.stdoutText)\(listed.stderrText)")
        #expect(listed.stdoutText.split(separator: "\n").contains { $0.hasPrefix("       5  ") && $0.contains("log.lost") && $0.contains("lost in a repair: ") })
        #expect(try tool.run(["query", "overall", "--log", marked]).status == 0)
        #expect(try tool.run(["export", "--log", marked, "--format", "csv"]).status == 0)
        // A backup that is not a copy of this log heals nothing.
        let other = base.path + "/other"
        #expect(try tool.run(["demo", "--log", other, "--samples", "30", "--seed", "10"]).status == 0)
        try? FileManager.default.removeItem(atPath: marked)
        try FileManager.default.copyItem(atPath: log, toPath: marked)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: marked + "/00000000000000000001.jsonl")))
        bytes[200] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: marked + "/00000000000000000001.jsonl"))
        let refused = try tool.run(["verify", "--repair", "--from", other, "--log", marked])
        #expect(refused.status == 0 && !refused.stdoutText.contains("healed") && refused.stdoutText.contains("lost: seq 1 (1 record)"), "\(refused.stdoutText)")
    }
}
