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

    /// Writes the chunks (creating segments as planned) and makes them durable; on success the
    /// last chunk's segment becomes `current`. On failure the log is as it was before, or the
    /// writer is marked unusable.
    func write(_ chunks: inout [AppendChunk]) throws {
        let previous = current
        let previousSize = currentSize
        var created: [(Segment, OwnedFile)] = []
        var target = current
        var written = false
        var endSize = currentSize
        do {
            for chunk in chunks {
                if chunk.isNew {
                    if written, let target { try sync(target) }
                    let file = try create(chunk.segment)
                    created.append((chunk.segment, file))
                    target = file
                    endSize = 0
                }
                guard let file = target else { preconditionFailure("append planned no segment for its first chunk") }
                try writeBytes(chunk.bytes, to: file)
                written = true
                endSize += chunk.bytes.count
            }
            if let target { try sync(target) }
        } catch let crash as FaultPlan.SimulatedCrash {
            // A test's simulated process death: nothing is rolled back; the writer is abandoned.
            for (_, file) in created { try? file.close() }
            unusableReason = "a simulated crash (test fault plan)"
            throw crash
        } catch let failure as WriteFailure {
            var fatal = failure.fatal
            if !fatal {
                fatal = !rollBack(previous, to: previousSize, created: created)
            } else {
                for (_, file) in created { try? file.close() }
            }
            let what = "append of records \(lastSeq + 1)... failed"
            if fatal {
                unusableReason = "\(failure.error.syscall) failed on \(failure.path) (\(failure.error.errno)); durability unknown"
                throw LogError(.writerUnusable, "\(what); the writer refuses further appends; reopen the log to recover",
                               path: failure.path, syscall: failure.error.syscall, errno: failure.error.errno.rawValue)
            }
            let remedy = failure.error.errno == .noSpace ? "free disk space and append again" : "check the device, then append again"
            throw LogError(.io, "\(what): nothing of it was stored (the log was cut back to \(previousSize) bytes of its last segment); \(remedy)",
                           path: failure.path, syscall: failure.error.syscall, errno: failure.error.errno.rawValue)
        }
        if let last = created.last {
            try? previous?.close()
            for (_, file) in created.dropLast() { try? file.close() }
            current = last.1
            layout.segments.append(contentsOf: created.map(\.0))
        }
        currentSize = endSize
    }

    private func create(_ segment: Segment) throws -> OwnedFile {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(segment.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND)
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
                throw WriteFailure(error: SystemCallError(error), path: directory, fatal: true)
            }
        }
        return file
    }

    private func writeBytes(_ bytes: [UInt8], to file: OwnedFile) throws {
        if let faultPlan {
            faultPlan.track(file.path, size: (try? file.descriptor.size()) ?? 0, created: false)
            do {
                try bytes.withUnsafeBytes { try faultPlan.writeAll(file.descriptor, $0, path: file.path) }
            } catch let crash as FaultPlan.SimulatedCrash {
                throw crash
            } catch {
                throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: false)
            }
            return
        }
        do {
            try bytes.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
                var chunk = all
                if let budget = faults.failWriteAfterBytes, budget < all.count {
                    chunk = UnsafeRawBufferPointer(rebasing: all[0..<budget])
                    try file.descriptor.writeAll(chunk)
                    faults.failWriteAfterBytes = nil
                    throw SystemCallError(syscall: "write", errno: .noSpace)
                }
                if let budget = faults.failWriteAfterBytes { faults.failWriteAfterBytes = budget - all.count }
                try file.descriptor.writeAll(chunk)
            }
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: false)
        }
    }

    private func sync(_ file: OwnedFile) throws {
        guard options.durable else { return }
        do {
            try faultyFsync {
                if let faultPlan { try faultPlan.fsync(file.descriptor, path: file.path) } else { try file.descriptor.fsync() }
            }
        } catch let crash as FaultPlan.SimulatedCrash {
            throw crash
        } catch {
            throw WriteFailure(error: SystemCallError(error), path: file.path, fatal: true)
        }
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
