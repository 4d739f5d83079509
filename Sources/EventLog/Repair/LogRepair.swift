import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Repairs a damaged log so that it is valid again, keeping every record before the damage.
///
/// Explicit only (`tslog verify --repair`); the writer never does this by itself. Under the
/// writer lock it reads the segments in order and stops at the first problem: a record that
/// fails its checksum, envelope or JSON check, a seq that does not continue, a segment whose
/// name does not follow the previous one (a missing segment), or a torn tail. Then:
///
/// - files that look like segments but are not named like one are moved aside;
/// - the damaged segment is moved aside and, if records precede the damage, replaced by a copy
///   of exactly those bytes (written to a temp file, fsynced, renamed into place);
/// - every later segment is moved aside too: its records carry seqs (inside their checksums)
///   that would no longer follow, so keeping them would leave a gap;
/// - the indexes are removed (the next writer open rebuilds them).
///
/// Everything moved goes to `DIR/damaged/<UTC time>/`; nothing is deleted. The report says
/// exactly which seqs were lost. A sound log is left untouched.
///
/// - Complexity: O(bytes in the log).
public func repairLog(directory: String, lockTimeout: Double = 5) throws -> RepairReport {
    let lock = try WriterLock.acquire(directory, timeout: lockTimeout)
    defer { try? lock.close() }
    var repair = LogRepair(directory: directory)
    return try repair.run()
}

struct LogRepair {
    let directory: String
    var report = RepairReport()
    var damaged: String?

    init(directory: String) { self.directory = directory }

    /// The first bad place: segment index, byte offset, the seq expected there, the error.
    struct Damage {
        var index: Int
        var offset: Int
        var expectedSeq: UInt64
        var error: LogError
    }

    mutating func run() throws -> RepairReport {
        let (segments, strays) = try listing()
        let buffer = ChunkBuffer()
        var expected: UInt64 = 1
        var damage: Damage?
        for (index, segment) in segments.enumerated() {
            if segment.firstSeq != expected {
                damage = Damage(index: index, offset: 0, expectedSeq: expected, error: LogLayout.gap(segment, expected: expected))
                break
            }
            let file = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? file.close() }
            let walk = try SegmentWalk.run(segment, file: file, from: 0, expectedSeq: expected, validateJSON: true,
                                           buffer: buffer) { _ in true }
            if let bad = walk.bad {
                damage = Damage(index: index, offset: bad.offset, expectedSeq: bad.expectedSeq,
                                error: bad.error(sealed: index + 1 < segments.count))
                break
            }
            expected = walk.nextSeq
        }
        report.lastSeq = (damage?.expectedSeq ?? expected) - 1
        if damage == nil && strays.isEmpty { return report }
        report.problem = damage?.error.description
            ?? "stray file \(strays[0]) looks like a segment but is not named <20-digit first seq>.jsonl"
        for name in strays { try moveAside(name) }
        if let damage {
            try measureLoss(segments, damage, buffer)
            // Later segments first, so that an interrupted repair leaves a shorter valid log.
            for segment in segments[(damage.index + 1)...].reversed() { try moveAside(segment.name) }
            try cut(segments[damage.index], keeping: damage.offset)
        }
        try removeIndexes()
        try LogError.io(directory, "cannot sync the log directory") { try PathOps.syncDirectory(directory) }
        if let damaged { try LogError.io(damaged, "cannot sync") { try PathOps.syncDirectory(damaged) } }
        return report
    }

    /// Segments by first seq, and names that look like segments but are not.
    func listing() throws -> ([Segment], [String]) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw LogError(.notALog, "cannot list log directory \(directory): \(error.localizedDescription)", path: directory)
        }
        var segments: [Segment] = []
        var strays: [String] = []
        for name in names.sorted() {
            if let seq = Segment.firstSeq(ofName: name) {
                segments.append(Segment(firstSeq: seq, directory: directory))
            } else if !SegmentDirectory.isIgnorable(name), SegmentDirectory.looksLikeSegment(name) {
                strays.append(name)
            }
        }
        return (segments.sorted { $0.firstSeq < $1.firstSeq }, strays)
    }

    /// Finds the highest seq of an intact record from the damage on, to say what is lost.
    mutating func measureLoss(_ segments: [Segment], _ damage: Damage, _ buffer: ChunkBuffer) throws {
        var highest: UInt64?
        var intact = 0
        var completeLinesInDamaged = 0
        for index in damage.index..<segments.count {
            let file = try OwnedFile.open(segments[index].path, O_RDONLY)
            defer { try? file.close() }
            _ = try LineReader.forEachLine(file, from: index == damage.index ? damage.offset : 0, buffer: buffer) { line, _ in
                if index == damage.index { completeLinesInDamaged += 1 }
                if let record = try? RecordParser.parse(line, verifyChecksum: true), record.seq >= damage.expectedSeq {
                    highest = max(highest ?? 0, record.seq)
                    intact += 1
                }
                return true
            }
        }
        let first = damage.expectedSeq
        if let highest {
            report.lostSeqs = first...highest
        } else if completeLinesInDamaged > 0 {
            report.lostSeqs = first...(first + UInt64(completeLinesInDamaged) - 1)
        }
        report.intactMovedAside = intact
    }

    /// The directory moved files go to, created on first use.
    mutating func damagedDirectory() throws -> String {
        if let damaged { return damaged }
        let parent = directory + "/damaged"
        let stamp = Timestamp.now().rfc3339(.microseconds).filter { $0.isNumber || $0 == "T" } + "Z"
        let path = parent + "/" + stamp
        try LogError.io(path, "cannot create the directory for damaged files") {
            try PathOps.makeDirectory(parent)
            try PathOps.makeDirectory(path)
        }
        damaged = path
        report.damagedDirectory = path
        return path
    }

    mutating func moveAside(_ name: String) throws {
        let target = try damagedDirectory() + "/" + name
        try LogError.io(directory + "/" + name, "cannot move \(name) aside") {
            try PathOps.rename(directory + "/" + name, target)
        }
        report.movedAside.append(name)
    }

    /// Moves `segment` aside and, if `length` > 0, puts back a copy of its first `length` bytes.
    mutating func cut(_ segment: Segment, keeping length: Int) throws {
        let temp = try damagedDirectory() + "/" + segment.name + ".kept"
        if length > 0 {
            let source = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? source.close() }
            var bytes = [UInt8](repeating: 0, count: length)
            let read = try LogError.io(segment.path, "cannot read") {
                try bytes.withUnsafeMutableBytes { try source.descriptor.readFully(into: $0, at: 0) }
            }
            guard read == length else {
                throw LogError(.io, "\(segment.name) shrank while being repaired", segment: segment.name, path: segment.path)
            }
            let copy = try OwnedFile.open(temp, O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
            defer { try? copy.close() }
            try LogError.io(temp, "cannot write the kept part of \(segment.name)") {
                try bytes.withUnsafeBytes { try copy.descriptor.writeAll($0) }
                try copy.descriptor.fsync()
            }
        }
        try moveAside(segment.name)
        if length > 0 {
            try LogError.io(temp, "cannot put the kept part of \(segment.name) back") { try PathOps.rename(temp, segment.path) }
            report.truncatedSegment = segment.name
            report.keptBytes = length
        }
    }

    func removeIndexes() throws {
        // The recovery point goes too: it names records the repair may have moved aside; the
        // next writer open checks every record and makes a new one.
        for path in [TimeIndex.path(directory), EventIDIndex.path(directory), EventIDIndex.legacyPath(directory),
                     RecoveryPointFile.path(directory)] {
            do { try PathOps.unlink(path) } catch {
                if error.errno == .noSuchFileOrDirectory { continue }
                throw LogError(.io, "cannot remove the index \(path) (it would describe records no longer in the log)",
                               path: path, syscall: "unlink", errno: error.errno.rawValue)
            }
        }
    }
}
