#if canImport(Glibc)
import Glibc
#endif

/// The writer's durable mark of what was acknowledged: `DIR/recovery.point`.
///
/// After every durable append the writer records where its last record ends (a `LogPrefix`:
/// log id, seq, segment, end offset, that record's checksum) — after the append's segment
/// fsync, so the mark never names bytes that are not durable — stored into a shared mapping of the
/// file's two slots (no system call; the page cache holds it, so a killed process leaves it
/// current). The write is not fsynced on every
/// append (that was a second device flush per commit, half the cost of a one-event append):
/// the file is made durable (`fdatasync`: it is rewritten in place, so only its data counts) when
/// the writer closes, at open, and — once the writer has written a second mark — by a background
/// thread `syncAfter` seconds after the oldest mark not yet synced (`RecoveryPointSyncer`), so no
/// append waits for that flush. After a power loss the mark on disk may therefore lag the last
/// acknowledged appends; recovery then checks those records one by one like any after the mark
/// (they were fsynced, so they are intact and kept). Recovery never cuts below it: on open only
/// the record at the mark is checked (it must be exactly that record) and what lies after it (a
/// torn tail there is cut); damage at or below the mark is corruption, reported with the
/// acknowledged records it affects.
///
/// Layout: two 64-byte slots, written alternately (so a torn write of one leaves the other):
///
///     0   magic "TSLRCVP1"
///     8   generation (u64, +1 per write; the valid slot with the highest one counts)
///     16  the prefix: log id (16), seq, segment first seq, end offset (8 each), record CRC (u32), 0 (u32)
///     64  -- (slot 2 at 64..128)
///
/// The prefix's last 4 bytes are followed by nothing: bytes 60..64 of a slot hold the CRC-32C of
/// bytes 0..60 instead of the prefix's 4 zero bytes.
final class RecoveryPointFile {
    static let magic: StaticString = "TSLRCVP1"
    static let slotSize = 64

    let file: OwnedFile
    private(set) var point: LogPrefix?
    private var generation: UInt64
    /// The two slots mapped shared and writable (`MappedRegion.sharedWritable`): a mark is
    /// stored into the file's page with no system call (a `pwrite` per append before). Nil when
    /// the file could not be mapped: marks are then written with `pwrite`.
    private var slots: MappedRegion?

    private init(file: OwnedFile, point: LogPrefix?, generation: UInt64, slots: MappedRegion?) {
        self.file = file
        self.point = point
        self.generation = generation
        self.slots = slots
    }

    static func path(_ directory: String) -> String { directory + "/recovery.point" }

    /// Opens (creating when missing) the file and reads the newest valid slot; `point` is nil
    /// when the file is new or no slot is valid.
    ///
    /// A file it creates gets its name fsynced into `directory` (once per log, and after a
    /// repair removed it): otherwise a power cut could take the whole file, and with it every
    /// mark recorded since, not just the last second's (see "The recovery point" in
    /// docs/events.md).
    static func open(_ directory: String) throws -> RecoveryPointFile {
        let path = path(directory)
        let isNew = (try? PathOps.status(path)).flatMap { $0 } == nil
        let file = try OwnedFile.open(path, O_RDWR | O_CREAT | O_NOFOLLOW)
        if isNew {
            do {
                try LogError.io(directory, "cannot make the recovery point's name durable") { try PathOps.syncDirectory(directory) }
            } catch {
                try? file.close()
                throw error
            }
        }
        var bytes = [UInt8](repeating: 0, count: 2 * slotSize)
        let n: Int
        do {
            n = try LogError.io(path, "cannot read the recovery point") {
                try bytes.withUnsafeMutableBytes { try file.descriptor.readFully(into: $0, at: 0) }
            }
        } catch {
            try? file.close()
            throw error
        }
        let best = newest(bytes, count: n)
        // Both slots exist in the file (zeros are no valid slot), so both can be mapped.
        if n < 2 * slotSize { _ = try? file.descriptor.truncate(to: 2 * slotSize) }
        let slots = (try? file.descriptor.size()).flatMap { $0 >= 2 * slotSize ? $0 : nil }
            .flatMap { _ in try? MappedRegion.sharedWritable(file.descriptor, length: 2 * slotSize, path: path) }
        return RecoveryPointFile(file: file, point: best?.1, generation: best?.0 ?? 0, slots: slots)
    }

    /// The newest valid mark in `directory`'s recovery point, read without creating, writing or
    /// locking anything (a reader's hint: `SegmentPadding.readableEnd`); nil when there is none.
    static func peek(_ directory: String) -> LogPrefix? {
        guard let file = try? OwnedFile.open(path(directory), O_RDONLY | O_NOFOLLOW) else { return nil }
        defer { try? file.close() }
        var bytes = [UInt8](repeating: 0, count: 2 * slotSize)
        guard let n = try? bytes.withUnsafeMutableBytes({ try file.descriptor.readFully(into: $0, at: 0) }) else { return nil }
        return newest(bytes, count: n)?.1
    }

    /// The valid slot with the highest generation among the first `count` bytes.
    private static func newest(_ bytes: [UInt8], count n: Int) -> (UInt64, LogPrefix)? {
        var best: (UInt64, LogPrefix)?
        for slot in 0..<2 where n >= (slot + 1) * slotSize {
            if let found = decode(bytes, at: slot * slotSize), found.0 >= best?.0 ?? 0 { best = found }
        }
        return best
    }

    private static func decode(_ bytes: [UInt8], at offset: Int) -> (UInt64, LogPrefix)? {
        guard bytes[offset..<(offset + 8)].elementsEqual(UnsafeBufferPointer(start: magic.utf8Start, count: 8)) else { return nil }
        let stored = UInt32(truncatingIfNeeded: bytes.loadLE(offset + 56) as UInt64 >> 32)
        guard CRC32C.checksum(Array(bytes[offset..<(offset + 60)])) == stored else { return nil }
        var prefixBytes = Array(bytes[(offset + 16)..<(offset + 60)])
        prefixBytes.append(contentsOf: [0, 0, 0, 0])
        return (bytes.loadLE(offset + 8), LogPrefix.decode(prefixBytes, at: 0))
    }

    /// Monotonic seconds when the oldest mark written since the last sync was written, while no
    /// `syncer` runs; nil when the file on disk holds the newest mark (or the syncer keeps track).
    private var unsyncedSince: Double?
    /// The background sync, started by the second mark written with `syncAfter` > 0.
    private var syncer: RecoveryPointSyncer?

    /// Records `point` in the other slot. With `syncAfter` 0 it is durable (`fdatasync`) before
    /// this returns; otherwise it is only written (to the page cache), and made durable at close,
    /// or `syncAfter` seconds after the oldest mark not yet synced by a background thread, which
    /// the second such mark starts (a writer that appends once never starts it). Throws the
    /// error of a failed background sync.
    func record(_ point: LogPrefix, syncAfter: Double = 0) throws {
        guard point != self.point else { return }
        let next = generation + 1
        var bytes = [UInt8](UnsafeBufferPointer(start: Self.magic.utf8Start, count: 8))
        bytes.appendLE(next)
        point.encode(into: &bytes)  // 48 bytes, the last 4 of them zero
        bytes.removeLast(4)
        let crc = CRC32C.checksum(bytes)
        withUnsafeBytes(of: crc.littleEndian) { bytes.append(contentsOf: $0) }
        let offset = Int(next % 2) * Self.slotSize
        if let start = slots?.start {
            // A process killed in the middle of this copy leaves a slot that fails its checksum;
            // the other slot, the mark before, then counts (behind the log: safe).
            bytes.withUnsafeBytes { (start + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        } else {
            try LogError.io(file.path, "cannot write the recovery point") {
                try bytes.withUnsafeBytes { try file.descriptor.writeAll($0, at: offset) }
            }
        }
        generation = next
        self.point = point
        let now = SystemProcess.monotonicSeconds()
        if syncAfter <= 0 {
            unsyncedSince = unsyncedSince ?? now
            try sync()
        } else if let syncer {
            try syncer.marked(at: now)
        } else if let since = unsyncedSince {
            let file = self.file
            syncer = RecoveryPointSyncer(interval: syncAfter, pendingSince: since) { try Self.flush(file) }
            unsyncedSince = nil
        } else {
            unsyncedSince = now
        }
    }

    /// Makes the newest mark durable (`fdatasync`) if it is not yet, after stopping the
    /// background sync (so this is the last one); throws the error of a failed background sync.
    func sync() throws {
        if let syncer {
            self.syncer = nil
            if try syncer.stop() { unsyncedSince = unsyncedSince ?? SystemProcess.monotonicSeconds() }
        }
        guard unsyncedSince != nil else { return }
        try Self.flush(file)
        unsyncedSince = nil
    }

    /// Throws the error of a failed background sync (the writer then refuses appends).
    func checkBackgroundSync() throws {
        try syncer?.check()
    }

    /// `fdatasync` of the file: on Linux it also writes the pages changed through the shared
    /// mapping (they are the file's page-cache pages, dirty-tracked like written ones).
    private static func flush(_ file: OwnedFile) throws {
        try LogError.io(file.path, "cannot make the recovery point durable") { try file.descriptor.fdatasync() }
    }

    /// Closes the file (stopping the background sync, if any, without a last sync).
    func close() {
        if let syncer {
            self.syncer = nil
            _ = try? syncer.stop()
        }
        slots = nil  // unmapped
        try? file.close()
    }
}
