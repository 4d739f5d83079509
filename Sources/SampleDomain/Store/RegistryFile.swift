import EventLog
import Foundation

/// The registry file, `DIR/index/registry.tbl`: a checksummed `SortedTable` of 32-byte entries
/// (sample id high and low words, last seq, state: 1 live, 2 deleted; little-endian), sorted by
/// id, with the live count as its extra word and the exact log prefix it describes in its header.
///
/// Derived data: believed only while the writer's log still holds that prefix (same log id,
/// same record at that seq, same checksum); otherwise — missing, damaged, from another log or
/// a replayed copy, from an earlier life of this log, ahead of it — rebuilt by folding the log.
/// It is written by the writer only (under the log's lock), to a temp file renamed into place,
/// so readers of the log, which never use it, are not affected.
enum RegistryFile {
    static let kind = SortedTable.Kind(magic: "TSLSREG1", entrySize: 32)
    /// Records after the file's prefix that make the store rewrite it.
    static let compactAfter: UInt64 = 8192

    static func path(_ directory: String) -> String { directory + "/index/registry.tbl" }

    /// The registry of `writer`'s log: the file plus the records after its prefix, or a fold of
    /// every record (then written as the new file) when the file cannot be believed.
    static func load(_ writer: LogWriter) throws -> SampleRegistry {
        if case .loaded(let table) = SortedTable.open(path(writer.directory), kind: kind) {
            if writer.holds(table.prefix) {
                var builder = RegistryBuilder(SampleRegistry(base: RegistryBase(table)))
                try writer.forEachRecord(after: table.prefix.seq) { try builder.add($0) }
                if !builder.registry.isDamaged { return builder.registry }
            } else {
                table.close()
            }
        }
        return try rebuild(writer)
    }

    /// Folds every record of the log, then writes the file (if it cannot be written, the
    /// registry stays in memory and the next open tries again).
    static func rebuild(_ writer: LogWriter) throws -> SampleRegistry {
        var builder = RegistryBuilder()
        try writer.forEachRecord(after: 0) { try builder.add($0) }
        return (try? write(builder.registry, writer: writer)) ?? builder.registry
    }

    /// Rewrites the file when more than `compactAfter` records are past it, or when those
    /// records are more than a quarter of its entries. Returns the registry to keep.
    static func compactIfBehind(_ registry: SampleRegistry, writer: LogWriter) -> SampleRegistry {
        let covered = registry.base?.table.prefix.seq ?? 0
        let behind = writer.end.seq - covered
        guard behind > 0, !registry.isDamaged else { return registry }
        let entries = UInt64(registry.base?.table.count ?? 0)
        guard behind > compactAfter || behind * 4 > entries else { return registry }
        return (try? write(registry, writer: writer)) ?? registry
    }

    /// Writes base + recent as one new file covering the whole log, and returns the registry
    /// read from it.
    static func write(_ registry: SampleRegistry, writer: LogWriter) throws -> SampleRegistry {
        let path = path(writer.directory)
        var recent: [(SampleID, UInt64, UInt64)] = []
        recent.reserveCapacity(registry.recentCount)
        registry.forEachRecent { id, code, seq in recent.append((id, code, seq)) }
        recent.sort { ($0.0.high, $0.0.low) < ($1.0.high, $1.0.low) }
        try SortedTableWriter.write(path: path, kind: kind, prefix: writer.end, extra: UInt64(max(0, registry.liveCount))) { add in
            var entry = [UInt8](repeating: 0, count: 32)
            func put(_ id: SampleID, _ seq: UInt64, _ state: UInt64) throws {
                entry.withUnsafeMutableBytes { raw in
                    raw.storeBytes(of: id.high.littleEndian, toByteOffset: 0, as: UInt64.self)
                    raw.storeBytes(of: id.low.littleEndian, toByteOffset: 8, as: UInt64.self)
                    raw.storeBytes(of: seq.littleEndian, toByteOffset: 16, as: UInt64.self)
                    raw.storeBytes(of: state.littleEndian, toByteOffset: 24, as: UInt64.self)
                }
                try entry.withUnsafeBytes { try add($0) }
            }
            var next = 0
            try registry.base?.table.forEach { old in
                let (id, seq, state) = RegistryBase.decode(old)
                while next < recent.count, (recent[next].0.high, recent[next].0.low) < (id.high, id.low) {
                    if recent[next].1 != 0 { try put(recent[next].0, recent[next].2, recent[next].1) }
                    next += 1
                }
                if next < recent.count, recent[next].0 == id {
                    try put(id, recent[next].2, recent[next].1 == 0 ? state : recent[next].1)
                    next += 1
                } else {
                    try put(id, seq, state)
                }
            }
            while next < recent.count {
                if recent[next].1 != 0 { try put(recent[next].0, recent[next].2, recent[next].1) }
                next += 1
            }
        }
        guard case .loaded(let table) = SortedTable.open(path, kind: kind) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return SampleRegistry(base: RegistryBase(table))
    }
}

/// The registry file opened for lookups, shared by the threads that validate a batch.
final class RegistryBase: @unchecked Sendable {
    let table: SortedTable
    private let lock = NSLock()
    private var damaged = false

    init(_ table: SortedTable) { self.table = table }

    /// True once a lookup met a block that failed its check.
    var isDamaged: Bool {
        lock.lock()
        defer { lock.unlock() }
        return damaged
    }

    static func decode(_ entry: UnsafeRawBufferPointer) -> (SampleID, UInt64, UInt64) {
        let word = { (at: Int) in UInt64(littleEndian: entry.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        return (SampleID(high: word(0), low: word(8)), word(16), word(24))
    }

    /// The sample's state and last seq in the file; nil when it is not there (or the file failed
    /// a check, which is remembered).
    func lookup(_ id: SampleID) -> (state: SampleRegistry.State, lastSeq: UInt64)? {
        var found: (SampleRegistry.State, UInt64)?
        do {
            try table.entries(withFirstWord: id.high) { entry in
                let (key, seq, state) = RegistryBase.decode(entry)
                guard key.low == id.low else { return true }
                found = (state == 1 ? .live : state == 2 ? .deleted : .unknown, seq)
                return false
            }
        } catch {
            lock.lock()
            damaged = true
            lock.unlock()
            return nil
        }
        return found
    }

    deinit { table.close() }
}
