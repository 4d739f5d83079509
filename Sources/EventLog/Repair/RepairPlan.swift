#if canImport(Glibc)
import Glibc
#endif

/// A repair's changes, made so that a kill or a failed system call at any step leaves either the
/// log as it was (the repair is simply run again) or a durable plan that the next run finishes.
///
/// 1. **Stage** (nothing in the log changes): the new segments are written into `DIR/repair/`
///    and fsynced; then `DIR/repair/plan` (the
///    moves, the new segments and the report, as text) is written atomically. A failure before
///    the plan is durable removes `DIR/repair/`; a kill leaves it, and the next run removes it.
/// 2. **Apply** (only once the plan is durable): the folder for the moved files is made
///    (`DIR/damaged/<time>`), every old file is moved aside (skipped when it already is), every staged segment renamed into the log, both directories fsynced, the
///    derived files removed (indexes, recovery point, checkpoints: they describe the old
///    records), a new log id written (a repaired log is a new life: nothing derived from the
///    old one is believed), and the plan removed last. Each step can run again, so a repair
///    killed here is finished by the next `repairLog`, with the same report.
///
/// While a plan exists every reader, writer and `verify` refuses the log (`SegmentDirectory`).
struct RepairPlan {
    var damaged: String
    var moves: [String]
    var puts: [String]
    var report: RepairReport

    static func stagingPath(_ directory: String) -> String { directory + "/repair" }
    static func path(_ directory: String) -> String { stagingPath(directory) + "/plan" }

    /// Counts the changes a repair makes and lets a test stop it before any of them.
    struct Steps {
        var hook: ((Int, String) throws -> Void)?
        var count = 0

        mutating func next(_ what: String) throws {
            defer { count += 1 }
            try hook?(count, what)
        }
    }

    // MARK: Stage

    /// Writes the new segments and the plan (see the type's documentation).
    static func stage(_ scan: RepairScan, _ steps: inout Steps) throws -> RepairPlan {
        let directory = scan.directory
        let staging = stagingPath(directory)
        let stamp = scan.repairedAt.rfc3339(.microseconds).filter { $0.isNumber || $0 == "T" } + "Z"
        var plan = RepairPlan(damaged: directory + "/damaged/" + stamp, moves: scan.moves, puts: scan.puts.map(\.name),
                              report: scan.report)
        plan.report.damagedDirectory = scan.moves.isEmpty ? nil : plan.damaged
        plan.report.movedAside = scan.moves
        do {
            try steps.next("create \(staging)")
            // Durably: the plan inside it is what a rerun finds, so its name in the log
            // directory must survive a power cut before anything is moved.
            try LogError.io(staging, "cannot create the repair's staging directory") { _ = try PathOps.makeDirectoryDurably(staging) }
            for output in scan.puts {
                let path = staging + "/" + output.name
                try steps.next("write \(path)")
                let file = try OwnedFile.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644)
                do {
                    try LogError.io(path, "cannot write the repaired segment") {
                        try output.bytes.withUnsafeBytes { try file.descriptor.writeAll($0) }
                        try file.descriptor.fsync()
                    }
                    try file.close()
                } catch {
                    try? file.close()
                    throw error
                }
            }
            try steps.next("sync \(staging)")
            try LogError.io(staging, "cannot sync") { try PathOps.syncDirectory(staging) }
            try steps.next("write \(path(directory))")
            do {
                try AtomicFile.write(Array(plan.encoded().utf8), to: path(directory))
            } catch let failure as AtomicFile.Failure {
                throw LogError(.io, "cannot write the repair plan: \(failure.description)", path: path(directory), errno: failure.errno?.rawValue)
            }
        } catch {
            if !(error is FaultPlan.SimulatedCrash) { discardStaging(directory) }
            throw error
        }
        return plan
    }

    /// Removes what a repair stopped before its plan was durable left (it changed nothing else).
    static func discardStaging(_ directory: String) {
        let staging = stagingPath(directory)
        guard (try? PathOps.status(staging))??.kind == .directory else { return }
        try? Directory.removeTree(staging)
        try? PathOps.syncDirectory(directory)
    }

    // MARK: Apply

    /// Makes the planned changes; safe to run again after any interruption.
    func apply(_ directory: String, _ steps: inout Steps) throws {
        let staging = Self.stagingPath(directory)
        // Made here, not while staging: a repair stopped before its plan is durable leaves no
        // empty `damaged/<time>` behind (mkdir of an existing folder is fine on a rerun).
        try steps.next("create \(damaged)")
        if !moves.isEmpty {
            try LogError.io(damaged, "cannot create the directory for damaged files") {
                // Both names durable before a segment moves in: the damaged files' only copy.
                try PathOps.makeDirectoryDurably(directory + "/damaged")
                if !(try PathOps.makeDirectoryDurably(damaged)) { try PathOps.syncDirectory(directory + "/damaged") }
            }
        }
        for name in moves {
            try steps.next("move \(name) aside")
            guard !Self.exists(damaged + "/" + name), Self.exists(directory + "/" + name) else { continue }
            try LogError.io(directory + "/" + name, "cannot move \(name) aside") { try PathOps.rename(directory + "/" + name, damaged + "/" + name) }
        }
        try steps.next("sync \(damaged)")
        if !moves.isEmpty { try LogError.io(damaged, "cannot sync") { try PathOps.syncDirectory(damaged) } }
        for name in puts {
            try steps.next("put \(name)")
            guard Self.exists(staging + "/" + name) else { continue }
            try LogError.io(directory + "/" + name, "cannot put the repaired \(name) in place") { try PathOps.rename(staging + "/" + name, directory + "/" + name) }
        }
        try steps.next("sync \(directory)")
        try LogError.io(directory, "cannot sync the log directory") { try PathOps.syncDirectory(directory) }
        try steps.next("remove derived files")
        try Self.removeDerived(directory)
        try steps.next("new log id")
        _ = try LogID.replace(directory)
        try steps.next("remove \(Self.path(directory))")
        try LogError.io(Self.path(directory), "cannot remove the finished repair plan") {
            try PathOps.unlink(Self.path(directory))
            try? PathOps.removeDirectory(staging)
            try PathOps.syncDirectory(directory)
        }
    }

    /// Indexes, the recovery point and checkpoints describe the records as they were.
    static func removeDerived(_ directory: String) throws {
        var paths = [RecoveryPointFile.path(directory)]
        for folder in [SegmentDirectory.indexDirectory(directory), directory + "/checkpoints"]
        where (try? PathOps.status(folder))??.kind == .directory {
            paths += ((try? Directory.entries(folder)) ?? []).map { folder + "/" + $0 }
        }
        for path in paths {
            do { try PathOps.unlink(path) } catch {
                if error.errno == .noSuchFileOrDirectory { continue }
                throw LogError(.io, "cannot remove \(path) (it describes records no longer in the log)",
                               path: path, syscall: "unlink", errno: error.errno.rawValue)
            }
        }
    }

    static func exists(_ path: String) -> Bool { ((try? PathOps.status(path)) ?? nil) != nil }

    // MARK: The plan file

    /// The plan as text, a line per item: `damaged PATH`, `move NAME`, `put NAME`, then the report.
    func encoded() -> String {
        // The moved files' folder by its name only: the log may be named another way next time.
        var lines = ["tslog-repair-plan 1", "damaged \(Directory.split(damaged).name)"]
        lines += moves.map { "move \($0)" }
        lines += puts.map { "put \($0)" }
        if let problem = report.problem { lines.append("problem \(problem.replacingNewlines)") }
        if let segment = report.truncatedSegment { lines.append("truncated \(segment) \(report.keptBytes)") }
        lines.append("last \(report.lastSeq)")
        lines.append("marked " + report.markedSeqs.map(String.init).joined(separator: ","))
        lines.append("healed " + report.healedSeqs.map(String.init).joined(separator: ","))
        lines.append("intact-moved \(report.intactMovedAside)")
        lines.append("torn \(report.tornBytes)")
        lines.append("end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan a repair left in `directory`; nil when there is none. A plan that does not read
    /// back whole is an error (it was written atomically, so this means someone changed it).
    static func load(_ directory: String) throws -> RepairPlan? {
        guard exists(path(directory)) else { return nil }
        let fd = try LogError.io(path(directory), "cannot open the repair plan") { try FileDescriptor.open(path(directory), O_RDONLY | O_NOFOLLOW) }
        defer { try? fd.close() }
        let size = try LogError.io(path(directory)) { try fd.size() }
        var bytes = [UInt8](repeating: 0, count: size)
        _ = try LogError.io(path(directory)) { try bytes.withUnsafeMutableBytes { try fd.readFully(into: $0, at: 0) } }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "tslog-repair-plan 1", lines.contains("end") else {
            throw LogError(.corrupt, "the repair plan \(path(directory)) is not whole; look at it and at \(stagingPath(directory)) before removing them",
                           path: path(directory))
        }
        var plan = RepairPlan(damaged: "", moves: [], puts: [], report: RepairReport())
        func seqs(_ text: Substring) -> [UInt64] { text.split(separator: ",").compactMap { UInt64($0) } }
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { continue }
            let key = line[..<space], value = line[line.index(after: space)...]
            switch key {
            case "damaged": plan.damaged = directory + "/damaged/" + value
            case "move": plan.moves.append(String(value))
            case "put": plan.puts.append(String(value))
            case "problem": plan.report.problem = String(value)
            case "truncated":
                let parts = value.split(separator: " ")
                plan.report.truncatedSegment = parts.first.map(String.init)
                plan.report.keptBytes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            case "last": plan.report.lastSeq = UInt64(value) ?? 0
            case "marked": plan.report.markedSeqs = seqs(value)
            case "healed": plan.report.healedSeqs = seqs(value)
            case "intact-moved": plan.report.intactMovedAside = Int(value) ?? 0
            case "torn": plan.report.tornBytes = Int(value) ?? 0
            default: break
            }
        }
        plan.report.damagedDirectory = plan.moves.isEmpty ? nil : plan.damaged
        plan.report.movedAside = plan.moves
        return plan
    }
}

private extension String {
    var replacingNewlines: String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}
