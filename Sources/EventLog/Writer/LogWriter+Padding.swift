extension LogWriter {
    /// Whether this writer keeps zeros ahead of its data: durable, `paddingBytes` > 0, segments
    /// of at least four paddings, and no failed padding write so far.
    var padsSegment: Bool {
        options.durable && options.paddingBytes > 0 && options.segmentMaxBytes >= 4 * options.paddingBytes && !paddingStopped
    }

    /// After a durable append, from the writer's second on: when fewer than half of
    /// `options.paddingBytes` of zeros are left after the data end, writes real zero bytes up to
    /// `paddingBytes` past it (never past `segmentMaxBytes`) and makes them durable
    /// (`fdatasync`: the data and the new size). The appends that follow overwrite those zeros
    /// with `pwrite`, so the file's size does not change and their `fdatasync` writes only
    /// their data — one device write fewer per commit on a file system that would otherwise
    /// write the inode too (ext4: data, inode, flush become data, flush). Not `fallocate`: its
    /// unwritten extents need a metadata write at the first write into them.
    ///
    /// The append has already been acknowledged: a failure here does not undo it. A failed zero
    /// write (a full disk) stops padding for this writer (the zeros written are harmless); a
    /// failed sync makes the writer refuse further appends (durability of the file unknown).
    /// A writer that appends once (one CLI `append`) never pads.
    func padAhead() throws {
        guard let (from, target) = duePadding, let file = current else { return }
        let zeros = UnsafeMutableRawBufferPointer.allocate(byteCount: target - from, alignment: 16)
        defer { zeros.deallocate() }
        zeros.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            if let faultPlan {
                faultPlan.track(file.path, size: (try? file.descriptor.size()) ?? 0, created: false)
                try faultPlan.writeAll(file.descriptor, UnsafeRawBufferPointer(zeros), at: from, path: file.path)
            } else {
                try file.descriptor.writeAll(UnsafeRawBufferPointer(zeros), at: from)
            }
        } catch let crash as FaultPlan.SimulatedCrash {
            unusableReason = "a simulated crash (test fault plan)"
            throw crash
        } catch {
            paddingStopped = true
            paddedEnd = max(paddedEnd, (try? file.descriptor.size()) ?? paddedEnd)
            return
        }
        paddedEnd = target
        do {
            if let faultPlan { try faultPlan.fsync(file.descriptor, path: file.path) } else { try file.descriptor.fdatasync() }
        } catch let crash as FaultPlan.SimulatedCrash {
            unusableReason = "a simulated crash (test fault plan)"
            throw crash
        } catch {
            let failure = SystemCallError(error)
            unusableCause = failure
            unusableReason = "fdatasync of the padding of \(file.path) failed (\(failure.errno)); durability unknown"
        }
    }

    /// Whether the next `padIfDue` (or an append's `padAhead`) would write zeros: fewer than half
    /// of `options.paddingBytes` are left after the data end of a writer that pads and has
    /// appended at least twice, and the segment has room for more.
    public var isPaddingDue: Bool { duePadding != nil }

    /// The bytes the padding due now would write zeros over (`from..<target`), or nil.
    private var duePadding: (from: Int, target: Int)? {
        guard padsSegment, appendsSinceOpen >= 2, unusableReason == nil, current != nil,
              paddedEnd - currentSize < options.paddingBytes / 2 else { return nil }
        let from = max(paddedEnd, currentSize)
        let target = min(currentSize + options.paddingBytes, options.segmentMaxBytes)
        return target > from ? (from, target) : nil
    }

    /// Writes the padding now if it is due (see `padAhead`): for a writer opened with
    /// `LogOptions.padsInAppend` false, whose owner calls this while no append waits. A failed
    /// sync of the zeros makes the writer refuse further appends, as in `padAhead`.
    public func padIfDue() {
        do { try padAhead() } catch {}
    }

    /// At a clean close: the last segment is cut back to its data end, durably, so a closed log
    /// is byte for byte what it would be without padding.
    func cutPaddingAtClose() throws {
        guard let file = current, paddedEnd > currentSize else { return }
        try LogError.io(file.path, "cannot cut the padding at byte \(currentSize)") {
            if let faultPlan { try faultPlan.truncate(file.descriptor, to: currentSize, path: file.path) } else {
                try file.descriptor.truncate(to: currentSize)
            }
            if options.durable {
                if let faultPlan { try faultPlan.fsync(file.descriptor, path: file.path) } else { try file.descriptor.fsync() }
            }
        }
        paddedEnd = currentSize
    }
}
