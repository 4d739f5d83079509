/// Repairs a damaged log so that it is valid again, keeping every record that passes its
/// checksum.
///
/// Explicit only (`tslog verify --repair`); the writer never does this by itself. Under the
/// writer lock it reads every line of every segment (`RepairScan`): intact records stay at their
/// seqs; each seq whose record is damaged or missing is healed from `backup` — a copy of this
/// log made by `tslog replay` — when that holds the same seq intact and agrees byte for byte
/// with the log around it, and otherwise holds a repair marker (`RepairMarker`, type
/// `log.lost`), so the chain stays gapless and the loss is recorded in the log itself.
/// Segments that change are written anew; the old files, stray look-alike files and a torn tail
/// go to `DIR/damaged/<UTC time>/` — nothing is deleted. Derived files are removed and the log
/// gets a new id. A sound log is left untouched.
///
/// Crash-safe (`RepairPlan`): a kill or a failed system call at any step leaves the log as it
/// was, or a durable plan that the next `repairLog` finishes (with the same report); while the
/// plan is pending every reader, writer and `verify` refuses the log, naming it.
///
/// - Complexity: O(bytes in the log), holding one segment in memory at a time.
public func repairLog(directory: String, backup: String? = nil, lockTimeout: Double = 5) throws -> RepairReport {
    try repairLog(directory: directory, backup: backup, lockTimeout: lockTimeout, step: nil)
}

/// `repairLog` with a test hook called before each change it makes to the disk, numbered from 0
/// with a description; a hook that throws stops the repair there (`FaultPlan.SimulatedCrash`
/// plays a kill: nothing is cleaned up).
package func repairLog(directory: String, backup: String?, lockTimeout: Double,
                       step: ((Int, String) throws -> Void)?) throws -> RepairReport {
    let lock = try WriterLock.acquire(directory, timeout: lockTimeout)
    defer { try? lock.close() }
    var steps = RepairPlan.Steps(hook: step)
    if let pending = try RepairPlan.load(directory) {
        try pending.apply(directory, &steps)
        return pending.report
    }
    RepairPlan.discardStaging(directory)
    var scan = try RepairScan(directory: directory, backup: backup)
    guard try scan.run() else { return scan.report }
    let plan = try RepairPlan.stage(scan, &steps)
    try plan.apply(directory, &steps)
    return plan.report
}
