import Foundation
import Testing
@testable import EventLog

/// A repair stopped at any step (a kill or ENOSPC), then finished by the next run, leaves exactly
/// one folder under `DIR/damaged/`, the one holding the moved files: a repair stopped before its
/// plan was durable leaves no empty `damaged/<time>` behind.
@Suite struct RepairDamagedFolderTests {
    @Test(arguments: RepairFaultTests.Stop.allCases)
    func aStoppedRepairLeavesNoEmptyDamagedFolder(stop: RepairFaultTests.Stop) throws {
        try withTempLog { base in
            let pristine = base + "-pristine"
            try RepairFaultTests().damagedLog(pristine)
            defer { try? FileManager.default.removeItem(atPath: pristine) }
            try FileManager.default.copyItem(atPath: pristine, toPath: base)
            var steps: [String] = []
            _ = try repairLog(directory: base, backup: nil, lockTimeout: 5) { _, what in steps.append(what) }
            for at in 0..<steps.count {
                try? FileManager.default.removeItem(atPath: base)
                try FileManager.default.copyItem(atPath: pristine, toPath: base)
                #expect(throws: (any Error).self) {
                    _ = try repairLog(directory: base, backup: nil, lockTimeout: 5) { step, _ in
                        guard step == at else { return }
                        if stop == .kill { throw FaultPlan.SimulatedCrash() }
                        throw LogError(.io, "injected", path: base, syscall: "write", errno: ENOSPC)
                    }
                }
                let report = try repairLog(directory: base)
                let folders = try FileManager.default.contentsOfDirectory(atPath: base + "/damaged")
                #expect(folders.count == 1, "step \(at) (\(steps[at])): \(folders)")
                for folder in folders {
                    let moved = try FileManager.default.contentsOfDirectory(atPath: base + "/damaged/" + folder)
                    #expect(!moved.isEmpty, "step \(at) (\(steps[at])): damaged/\(folder) is empty")
                }
                #expect(report.damagedDirectory == base + "/damaged/" + (folders.first ?? ""), "step \(at)")
            }
        }
    }
}
