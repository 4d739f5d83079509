#if canImport(Glibc)
import Glibc
#endif

/// A test-only file layer between the writer and its segment files (package access: not public API).
///
/// When a `LogWriter` has a plan (`writer.faultPlan`), every `write`, `fsync`, directory fsync and
/// rollback `ftruncate` it makes goes through the plan, which counts them as *operations* and can
/// make the one a test chose fail the way a disk does:
///
/// - `.writeError(errno)`: the `write` fails (EIO, ENOSPC) after a seeded number of bytes went in;
/// - `.shortWrite(bytes)`: the `write` returns fewer bytes than asked, as the kernel may; the
///   writer must loop, so this one is not an error at all;
/// - `.fsyncError(errno)`: the `fsync` fails; the writer must never treat the data as durable;
/// - `.crash(keepBytes)`: the process "dies" here (the call throws `SimulatedCrash`, which the
///   writer does not catch, so nothing is rolled back); a write first lets `keepBytes` through.
///
/// The plan also remembers, per file, how many bytes were written and how many were made durable
/// by a successful fsync, and the lowest offset written since that fsync (a write over a
/// segment's padding lands below the durable size), so `losePower` can drop or tear exactly the
/// bytes a power cut may lose.
package final class FaultPlan {
    package enum Fault: Equatable, Sendable {
        case writeError(Errno, afterBytes: Int)
        case shortWrite(bytes: Int)
        case fsyncError(Errno)
        case crash(keepBytes: Int)
    }

    /// Thrown by a `.crash` fault: the writer that saw it must be abandoned (closed), as if its
    /// process had died; reopen the directory to recover.
    package struct SimulatedCrash: Error {}

    /// The fault to inject and the operation (0-based, counted from when it was set) that gets it.
    package var pending: (operation: Int, fault: Fault)?
    /// Operations seen since `pending` was set.
    package private(set) var operations = 0
    /// Faults that fired, by kind, for reporting.
    package private(set) var fired: [String: Int] = [:]

    /// Per path: bytes known to be on the file (after our writes and truncates) and bytes made
    /// durable by the last successful fsync.
    package internal(set) var written: [String: Int] = [:]
    package internal(set) var durable: [String: Int] = [:]
    /// Per path: the lowest offset written since the last successful fsync, when that is below
    /// the durable size (a write over padding: those bytes were zeros before it).
    package internal(set) var dirtyFrom: [String: Int] = [:]
    /// Files created whose directory entry is not yet durable.
    package internal(set) var undurableNames: Set<String> = []

    package init() {}

    /// Schedules `fault` for the `operation`-th operation from now.
    package func inject(_ fault: Fault, at operation: Int) {
        pending = (operation, fault)
        operations = 0
    }

    private func take(isFsync: Bool) -> Fault? {
        guard let (at, fault) = pending else { return nil }
        if operations < at { operations += 1; return nil }
        switch fault {
        case .fsyncError where !isFsync, .writeError where isFsync, .shortWrite where isFsync: return nil
        default: break
        }
        pending = nil
        return fault
    }

    private func count(_ kind: String) { fired[kind, default: 0] += 1 }

    /// Starts tracking a file the writer opened (existing bytes count as durable).
    func track(_ path: String, size: Int, created: Bool) {
        if written[path] == nil {
            written[path] = size
            durable[path] = size
        }
        if created { undurableNames.insert(path) }
    }

    /// `writeAll` at `offset` (`pwrite`) through the plan: loops on short writes like the real one.
    func writeAll(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            var rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            var failAfter: Errno?
            var crash = false
            switch take(isFsync: false) {
            case .shortWrite(let n)?:
                count("short write")
                rest = UnsafeRawBufferPointer(rebasing: rest[..<max(1, min(n, rest.count))])
            case .writeError(let errno, let after)?:
                count(errno == .noSpace ? "write ENOSPC" : "write EIO")
                rest = UnsafeRawBufferPointer(rebasing: rest[..<min(after, rest.count)])
                failAfter = errno
            case .crash(let keep)?:
                count("power loss in write")
                rest = UnsafeRawBufferPointer(rebasing: rest[..<min(keep, rest.count)])
                crash = true
            default: break
            }
            if !rest.isEmpty {
                let at = offset + done
                let n = try check("write") { system_pwrite(fd.rawValue, rest.baseAddress, rest.count, off_t(at)) }
                done += n
                written[path] = max(written[path] ?? 0, at + n)
                if at < durable[path] ?? 0 { dirtyFrom[path] = min(dirtyFrom[path] ?? at, at) }
            }
            if crash { throw SimulatedCrash() }
            if let failAfter { throw SystemCallError(syscall: "write", errno: failAfter) }
        }
    }

    /// `fsync` through the plan; on success the file's written bytes become durable.
    func fsync(_ fd: FileDescriptor, path: String) throws {
        try injectFsyncFault()
        try fd.fsync()
        durable[path] = written[path] ?? 0
        dirtyFrom[path] = nil
    }

    /// The fault the plan holds for this fsync (of a file or a directory), thrown; none: returns.
    private func injectFsyncFault() throws {
        switch take(isFsync: true) {
        case .fsyncError(let errno)?:
            count(errno == .noSpace ? "fsync ENOSPC" : "fsync EIO")
            throw SystemCallError(syscall: "fsync", errno: errno)
        case .crash?:
            count("power loss in fsync")
            throw SimulatedCrash()
        default: break
        }
    }

    /// A directory fsync through the plan: makes the names created in it durable.
    func syncDirectory(_ directory: String) throws {
        try injectFsyncFault()
        try PathOps.syncDirectory(directory)
        undurableNames.removeAll()
    }

    /// `ftruncate` (a rollback) through the plan; the cut is not durable until the next fsync.
    func truncate(_ fd: FileDescriptor, to length: Int, path: String) throws {
        // A file not written yet under this plan (padding cut before any write): what is on it is durable.
        if written[path] == nil { track(path, size: try fd.size(), created: false) }
        try fd.truncate(to: length)
        written[path] = length
        durable[path] = min(durable[path] ?? 0, length)
        if let from = dirtyFrom[path], from >= length { dirtyFrom[path] = nil }
    }

    /// Forgets a file the writer removed.
    func removed(_ path: String) {
        written[path] = nil
        durable[path] = nil
        dirtyFrom[path] = nil
        undurableNames.remove(path)
    }
}
