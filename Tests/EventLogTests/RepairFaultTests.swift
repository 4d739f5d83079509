import Foundation
import Testing
@testable import EventLog

/// A repair stopped at any step — a kill (`FaultPlan.SimulatedCrash`: nothing cleaned up) or a
/// failed system call (ENOSPC) — leaves the log either as it was or with a pending plan; `verify`
/// never says ok in between; the next repair ends with exactly the same log and report as an
/// uninterrupted one. And a replay backup heals damaged records byte for byte.
@Suite("Repair: crash-safe, exact, heals from a backup")
struct RepairFaultTests {
    /// 120 records in segments of about 1.5 KB, then damage of every kind repair handles: a
    /// flipped byte (segment 2), a missing segment (5), a stray look-alike, a torn tail.
    func damagedLog(_ dir: String) throws {
        try withWriter(dir, LogOptions(segmentMaxBytes: 1500)) { w in
            for i in 0..<12 { _ = try w.append((0..<10).map { record(i * 10 + $0, pad: 20, eventID: "id-\(i * 10 + $0)") }) }
        }
        let names = try segmentNames(dir)
        var bytes = try readBytes(dir + "/" + names[1])
        bytes[bytes.count / 2] ^= 0x08
        try writeBytes(bytes, dir + "/" + names[1])
        try FileManager.default.removeItem(atPath: dir + "/" + names[4])
        try writeBytes(Array("garbage\n".utf8), dir + "/7.jsonl")
        let last = dir + "/" + names.last!
        try writeBytes(try readBytes(last) + Array(#"{"seq":121,"rec"#.utf8), last)
    }

    /// The log's lines with each marker's `repaired_at` masked (a restarted repair runs later).
    func masked(_ dir: String) throws -> [String] {
        try allLines(dir).map { _, line in
            guard let range = line.range(of: #""repaired_at":""#) else { return line }
            return String(line[..<range.upperBound]) + "…"
        }
    }

    struct Outcome: Equatable {
        var lines: [String]
        var problem: String?
        var marked: [UInt64]
        var lastSeq: UInt64
        var torn: Int
        var moved: [String]
    }

    func outcome(_ dir: String, _ report: RepairReport) throws -> Outcome {
        Outcome(lines: try masked(dir), problem: report.problem, marked: report.markedSeqs, lastSeq: report.lastSeq,
                torn: report.tornBytes, moved: report.movedAside.sorted())
    }

    enum Stop: String, CaseIterable { case kill, noSpace }

    @Test(arguments: Stop.allCases)
    func aRepairStoppedAtAnyStepEndsTheSameAfterTheNextRun(stop: Stop) throws {
        try withTempLog { base in
            let pristine = base + "-pristine"
            try damagedLog(pristine)
            defer { try? FileManager.default.removeItem(atPath: pristine) }
            // The uninterrupted repair, and how many steps it takes.
            try FileManager.default.copyItem(atPath: pristine, toPath: base)
            var steps: [String] = []
            let reference = try outcome(base, try repairLog(directory: base, backup: nil, lockTimeout: 5) { _, what in steps.append(what) })
            #expect(reference.marked.count > 5 && reference.torn > 0 && reference.moved.contains("7.jsonl"), "\(reference.marked) \(reference.torn) \(reference.moved)")
            #expect(steps.count >= 12)
            for at in 0..<steps.count {
                try? FileManager.default.removeItem(atPath: base)
                try FileManager.default.copyItem(atPath: pristine, toPath: base)
                let stopped = expectThrows {
                    _ = try repairLog(directory: base, backup: nil, lockTimeout: 5) { step, _ in
                        guard step == at else { return }
                        if stop == .kill { throw FaultPlan.SimulatedCrash() }
                        throw LogError(.io, "injected", path: base, syscall: "write", errno: ENOSPC)
                    }
                }
                #expect(stopped, "step \(at) (\(steps[at]))")
                // Never ok in between: the damage is still there, or the pending plan is refused.
                let between = expectLogError { _ = try verifyLog(directory: base) }
                #expect(between != nil, "step \(at) (\(steps[at])): verify said ok")
                let finished = try outcome(base, try repairLog(directory: base))
                #expect(finished == reference, "step \(at) (\(steps[at]))")
                #expect(try verifyLog(directory: base).lostSeqs == reference.marked, "step \(at)")
                #expect(!FileManager.default.fileExists(atPath: base + "/repair"), "step \(at)")
            }
            print("repair stopped (\(stop)) at each of \(steps.count) steps, then finished: same log and report each time")
        }
    }

    /// Damaged records come back from a replay backup exactly; a backup of another log heals
    /// nothing (its records differ around the damage) and the seqs are marked instead.
    @Test func aReplayBackupHealsDamagedRecordsByteForByte() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 1500)) { w in
                for i in 0..<7 { _ = try w.append((0..<10).map { record(i * 10 + $0, pad: 20, eventID: "id-\(i * 10 + $0)") }) }
            }
            let backup = dir + "-backup", other = dir + "-other"
            defer { for path in [backup, other] { try? FileManager.default.removeItem(atPath: path) } }
            try LogReplay.copy(try LogReader(directory: dir), through: 70, into: backup)
            try withWriter(other, LogOptions(segmentMaxBytes: 1500)) { w in
                for i in 0..<7 { _ = try w.append((0..<10).map { record(1000 + i * 10 + $0, pad: 20) }) }
            }
            let pristine = try allLines(dir)
            let names = try segmentNames(dir)
            let copy = dir + "-copy"
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.copyItem(atPath: dir, toPath: copy)
            for path in [dir, copy] {
                for name in [names[0], names[2]] {
                    var bytes = try readBytes(path + "/" + name)
                    bytes[bytes.count / 3] ^= 0x10
                    try writeBytes(bytes, path + "/" + name)
                }
                try FileManager.default.removeItem(atPath: path + "/" + names[3])
            }
            let healed = try repairLog(directory: dir, backup: backup)
            #expect(healed.markedSeqs.isEmpty && healed.healedSeqs.count >= 3, "\(healed)")
            #expect(try allLines(dir).map(\.1) == pristine.map(\.1))
            let bytes = { (log: String) in try segmentNames(log).flatMap { try readBytes(log + "/" + $0) } }
            #expect(try bytes(dir) == bytes(backup))
            let refused = try repairLog(directory: copy, backup: other)
            #expect(refused.healedSeqs.isEmpty && refused.markedSeqs == healed.healedSeqs)
        }
    }

    func expectThrows(_ body: () throws -> Void) -> Bool {
        do { try body(); return false } catch { return true }
    }
}
