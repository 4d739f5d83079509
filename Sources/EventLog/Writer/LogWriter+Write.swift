#if canImport(Glibc)
import Glibc
#endif

extension LogWriter {
    /// A failure in the write phase: `fatal` when durability is unknown (an fsync failed, or the
    /// cut-back after a failed write did not succeed).
    private struct WriteFailure: Error {
        var error: SystemCallError
        var path: String
        var fatal: Bool
    }

    /// What one append has written so far: the segments it created, the file it writes to, and
    /// what undoing it needs.
    struct WriteSession {
        fileprivate let previous: OwnedFile?
        fileprivate let previousSize: Int
        fileprivate var created: [(Segment, OwnedFile)] = []
        fileprivate var target: OwnedFile?
        fileprivate var written = false
        fileprivate var endSize: Int
    }

    /// Runs `body`, which writes the append's bytes with `writeRun`, then makes them durable; on
    /// success the last segment written becomes `current`. On failure (of a write, or any error
    /// `body` throws) the log is as it was before (without padding: the cut-back ends the file
    /// at its data), or the writer is marked unusable.
    func write(_ body: (inout WriteSession) throws -> Void) throws {
        var session = WriteSession(previous: current, previousSize: currentSize, target: current, endSize: currentSize)
        do {
            try body(&session)
            if let target = session.target { try sync(target) }
        } catch let crash as FaultPlan.SimulatedCrash {
            // A test's simulated process death: nothing is rolled back; the writer is abandoned.
            for (_, file) in session.created { try? file.close() }
            unusableReason = "a simulated crash (test fault plan)"
            throw crash
        } catch let failure as WriteFailure {
            var fatal = failure.fatal
            if !fatal {
                fatal = !rollBack(session.previous, to: session.previousSize, created: session.created)
                if !fatal { paddedEnd = session.previousSize }
            } else {
                for (_, file) in session.created { try? file.close() }
            }
            let what = "append of records \(lastSeq + 1)... failed"
            if fatal {
                unusableReason = "\(failure.error.syscall) failed on \(failure.path) (\(failure.error.errno)); durability unknown"
                throw LogError(.writerUnusable, "\(what); the writer refuses further appends; reopen the log to recover",
                               path: failure.path, syscall: failure.error.syscall, errno: failure.error.errno.rawValue)
            }
            throw LogError(.io, "\(what): nothing of it was stored (the log was cut back to \(session.previousSize) bytes of its last segment)",
                           path: failure.path, syscall: failure.error.syscall, errno: failure.error.errno.rawValue,
                           retry: "append again")
        } catch {
            // Not a write's failure but the batch's own (`append(chunks:)`: its producer threw,
            // or a chunk failed the record checks): undone the same way, the error passed on.
            guard rollBack(session.previous, to: session.previousSize, created: session.created) else {
                unusableReason = "the cut-back after a failed append did not succeed; durability unknown"
                throw LogError(.writerUnusable, "append of records \(lastSeq + 1)... failed (\(error)) and could not be undone; the writer refuses further appends; reopen the log to recover")
            }
            paddedEnd = session.previousSize
            throw error
        }
        if let last = session.created.last {
            try? session.previous?.close()
            for (_, file) in session.created.dropLast() { try? file.close() }
            current = last.1
            layout.segments.append(contentsOf: session.created.map(\.0))
            paddedEnd = session.endSize
        }
        currentSize = session.endSize
        paddedEnd = max(paddedEnd, currentSize)
    }

    /// Writes `bytes` (whole lines) at the data end of the session's segment (over its padding,
    /// if any), or first creates `startingSegment` (after making the one before durable, when
    /// this append wrote to it, and cutting its padding off: a sealed segment ends at its data).
    func writeRun(_ bytes: UnsafeRawBufferPointer, startingSegment: Segment?, _ session: inout WriteSession) throws {
        if let segment = startingSegment {
            if session.written, let target = session.target { try sync(target) }
            if let target = session.target, target === session.previous, paddedEnd > session.endSize {
                try cutPadding(target, to: session.endSize)
            }
            let file = try create(segment)
            session.created.append((segment, file))
            session.target = file
            session.endSize = 0
        }
        guard let file = session.target else { preconditionFailure("append planned no segment for its first bytes") }
        try writeBytes(bytes, to: file, at: session.endSize)
        session.written = true
        session.endSize += bytes.count
    }

    private func create(_ segment: Segment) throws -> OwnedFile {
        let fd: FileDescriptor
        do {
            // No O_APPEND: records are written at the data end, which padding may follow.
            fd = try FileDescriptor.open(segment.path, O_WRONLY | O_CREAT | O_EXCL)
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: segment.path, fatal: false)
        }
        let file = OwnedFile(descriptor: fd, path: segment.path)
        faultPlan?.track(segment.path, size: 0, created: true)
        if options.durable {
            do {
                try faultyFsync {
                    if let faultPlan { try faultPlan.syncDirectory(directory) } else { try PathOps.syncDirectory(directory) }
                }
            } catch let crash as FaultPlan.SimulatedCrash {
                try? file.close()
                throw crash
            } catch {
                try? file.close()
                try? PathOps.unlink(segment.path)
                faultPlan?.removed(segment.path)
                // Only a failed fsync leaves durability unknown. The directory's `open` failing
                // (EMFILE: the new segment took the process's last descriptor) synced nothing
                // and the empty segment is gone again: the append fails as a write does, and
                // the writer stays usable for the next one.
                let failed = SystemCallError(error)
                throw WriteFailure(error: failed, path: directory, fatal: failed.syscall != "open")
            }
        }
        return file
    }

    private func writeBytes(_ all: UnsafeRawBufferPointer, to file: OwnedFile, at offset: Int) throws {
        if let faultPlan {
            faultPlan.track(file.path, size: (try? file.descriptor.size()) ?? 0, created: false)
            do {
                try faultPlan.writeAll(file.descriptor, all, at: offset, path: file.path)
            } catch let crash as FaultPlan.SimulatedCrash {
                throw crash
            } catch {
                throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: false)
            }
            return
        }
        do {
            if let budget = faults.failWriteAfterBytes, budget < all.count {
                try file.descriptor.writeAll(UnsafeRawBufferPointer(rebasing: all[0..<budget]), at: offset)
                faults.failWriteAfterBytes = nil
                throw SystemCallError(syscall: "write", errno: .noSpace)
            }
            if let budget = faults.failWriteAfterBytes { faults.failWriteAfterBytes = budget - all.count }
            try file.descriptor.writeAll(all, at: offset)
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: false)
        }
    }

    /// Makes an append's bytes durable. `fdatasync`, not `fsync`: it writes the file's new size
    /// when it grew (needed to read the bytes back) but skips the timestamps, which on this
    /// project's disks cut a sync from about 0.2 to 0.16 ms (a loop of 300-byte appends, each
    /// synced); written over padding, the size does not change and only the data is written.
    /// `wholeInode`: `fsync`, for a file whose size was cut.
    private func sync(_ file: OwnedFile, wholeInode: Bool = false) throws {
        guard options.durable else { return }
        do {
            try faultyFsync {
                if let faultPlan { try faultPlan.fsync(file.descriptor, path: file.path) }
                else if wholeInode { try file.descriptor.fsync() }
                else { try file.descriptor.fdatasync() }
            }
        } catch let crash as FaultPlan.SimulatedCrash {
            throw crash
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: true)
        }
    }

    /// Cuts the padding off a segment about to be sealed: the file ends at `size`, its data end,
    /// durably (`fsync`: the size is what changes) before the next segment is created, so no
    /// crash leaves a sealed segment with zeros at its end.
    private func cutPadding(_ file: OwnedFile, to size: Int) throws {
        do {
            if let faultPlan { try faultPlan.truncate(file.descriptor, to: size, path: file.path) } else { try file.descriptor.truncate(to: size) }
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: false)
        }
        paddedEnd = size
        try sync(file, wholeInode: true)
    }

    /// Runs an fsync, or fails it with EIO when a test asked for that.
    private func faultyFsync(_ body: () throws -> Void) throws {
        if faults.failFsync {
            faults.failFsync = false
            throw SystemCallError(syscall: "fsync", errno: .ioError)
        }
        try body()
    }

    /// Undoes a failed batch: cuts the previous segment back, removes segments created by it.
    /// Returns false if that did not fully succeed.
    private func rollBack(_ previous: OwnedFile?, to size: Int, created: [(Segment, OwnedFile)]) -> Bool {
        var ok = true
        if let previous {
            do {
                if let faultPlan {
                    try faultPlan.truncate(previous.descriptor, to: size, path: previous.path)
                    if options.durable { try faultPlan.fsync(previous.descriptor, path: previous.path) }
                } else {
                    try previous.descriptor.truncate(to: size)
                    if options.durable { try previous.descriptor.fsync() }
                }
            } catch { ok = false }
        }
        for (segment, file) in created {
            try? file.close()
            do { try PathOps.unlink(segment.path) } catch { ok = false }
            faultPlan?.removed(segment.path)
        }
        if !created.isEmpty, options.durable {
            do {
                if let faultPlan { try faultPlan.syncDirectory(directory) } else { try PathOps.syncDirectory(directory) }
            } catch { ok = false }
        }
        return ok
    }
}
