import EventLog
import Foundation

/// The per-sample index, `DIR/index/sample_seq.tbl`: where each sample's records are, so that
/// one sample's history reads that sample's records and not the whole log.
///
/// A checksummed `SortedTable` of 32-byte entries (sample id high and low words, the record's
/// seq, the byte offset of its line in its segment; little-endian), sorted by id and, within
/// one id, by seq, naming the exact log prefix it covers in its header.
///
/// Derived data, never trusted over the log: a reader believes it only while the log still
/// holds that prefix (same log id, same checksum at that seq), reads the records it names with
/// their checksums checked and each one's seq and sample compared (any difference and the
/// reader scans the whole log instead), and scans the records after the prefix itself.
/// Written only under the log's writer lock — by the writer, or by a thread of its owner's that
/// the owner waits for before closing (`merge`: the server's) — to a temp file renamed into place:
/// rebuilt from the log when missing, damaged, foreign or ahead, merged with the records after
/// its prefix when they are many (`updateIfBehind`).
public enum SampleSeqFile {
    static let kind = SortedTable.Kind(magic: "TSLSSEQ1", entrySize: 32)
    /// Records after the file's prefix that make the writer rewrite it.
    public static let compactAfter: UInt64 = 8192

    static func path(_ directory: String) -> String { directory + "/index/sample_seq.tbl" }

    /// The id the entries of repair markers (`RepairMarker`, records a repair lost) are filed
    /// under: all zero bits, which no UUID of version 1–8 has. A history lists them all.
    public static let lostID = SampleID(high: 0, low: 0)

    /// One record of one sample.
    struct Entry {
        var id: SampleID
        var seq: UInt64
        var offset: UInt64
    }

    /// Brings the file up to the writer's log when it is missing, cannot be believed, or is
    /// more than `compactAfter` records behind; returns the seq it now covers (nil when it could
    /// not be written: reads then scan the log, and the next writer tries again).
    ///
    /// - Complexity: O(records after the file's prefix + entries) for a merge; O(log) for a
    ///   rebuild (once, on a log that has no file yet).
    @discardableResult
    public static func updateIfBehind(_ writer: LogWriter, compactAfter: UInt64 = compactAfter) -> UInt64? {
        let path = path(writer.directory)
        // The common case, a file close enough to the log: only its trailer and block directory
        // are read and checked (not kept), as `SortedTable.open` would check them.
        if let coverage = SortedTable.coveredPrefix(path, kind: kind), writer.holds(coverage.prefix),
           writer.end.seq - coverage.prefix.seq <= compactAfter {
            return coverage.prefix.seq
        }
        var old: SortedTable?
        if case .loaded(let table) = SortedTable.open(path, kind: kind) {
            if writer.holds(table.prefix) {
                let behind = writer.end.seq - table.prefix.seq
                if behind == 0 || behind <= compactAfter { table.close(); return table.prefix.seq }
                old = table
            } else {
                table.close()
            }
        }
        defer { old?.close() }
        do {
            var recent: [Entry] = []
            try writer.forEachRecord(after: old?.prefix.seq ?? 0) { record in
                if let entry = try entry(of: record) { recent.append(entry) }
            }
            // Stable by id: within one id, seq order stays.
            recent = stableSortedByID(recent)
            try write(path: path, prefix: writer.end, old: old, recent: recent)
            return writer.end.seq
        } catch {
            return nil
        }
    }

    /// The merge `updateIfBehind` makes, for a thread other than the writer's: the file's
    /// entries with those of the records after its prefix through `prefix` (the writer's end
    /// when its owner asked), read with a `LogReader` while the writer goes on appending. Only
    /// while the caller's writer holds the log's lock. Returns the seq the file covers now; nil
    /// when there is no file to merge, it does not belong to this log up to its prefix, or it
    /// could not be written (the writer's next `updateIfBehind` rebuilds or retries it).
    ///
    /// - Complexity: O(records after the file's prefix + entries), off the writer's thread.
    package static func merge(directory: String, through prefix: LogPrefix) -> UInt64? {
        let path = path(directory)
        guard case .loaded(let old) = SortedTable.open(path, kind: kind) else { return nil }
        defer { old.close() }
        guard old.prefix.seq < prefix.seq else { return old.prefix.seq }
        do {
            let reader = try LogReader(directory: directory)
            guard old.prefix.logID == prefix.logID, reader.lastSeq >= prefix.seq else { return nil }
            if old.prefix.seq > 0, try reader.storedChecksum(ofSeq: old.prefix.seq) != old.prefix.crc { return nil }
            var recent: [Entry] = []
            try reader.scan(from: old.prefix.seq + 1, through: prefix.seq) { record in
                if let entry = try entry(of: record) { recent.append(entry) }
            }
            try write(path: path, prefix: prefix, old: old, recent: stableSortedByID(recent))
            return prefix.seq
        } catch {
            return nil
        }
    }

    /// The entry of one record: a sample event's, or a repair marker's under `lostID`; nil for
    /// other records (tags).
    private static func entry(of record: RecordView) throws -> Entry? {
        if RepairMarker.isMarker(record) {
            return Entry(id: lostID, seq: record.seq, offset: UInt64(record.byteOffset))
        }
        guard let change = try RegistryBuilder.change(of: record) else { return nil }
        return Entry(id: change.id, seq: record.seq, offset: UInt64(record.byteOffset))
    }

    private static func stableSortedByID(_ entries: [Entry]) -> [Entry] {
        entries.enumerated().sorted { a, b in
            let ka = (a.element.id.high, a.element.id.low), kb = (b.element.id.high, b.element.id.low)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// Writes old's entries merged with `recent` (whose seqs all come after old's).
    private static func write(path: String, prefix: LogPrefix, old: SortedTable?, recent: [Entry]) throws {
        try SortedTableWriter.write(path: path, kind: kind, prefix: prefix, extra: 0) { add in
            var bytes = [UInt8](repeating: 0, count: 32)
            func put(_ e: Entry) throws {
                bytes.withUnsafeMutableBytes { raw in
                    raw.storeBytes(of: e.id.high.littleEndian, toByteOffset: 0, as: UInt64.self)
                    raw.storeBytes(of: e.id.low.littleEndian, toByteOffset: 8, as: UInt64.self)
                    raw.storeBytes(of: e.seq.littleEndian, toByteOffset: 16, as: UInt64.self)
                    raw.storeBytes(of: e.offset.littleEndian, toByteOffset: 24, as: UInt64.self)
                }
                try bytes.withUnsafeBytes { try add($0) }
            }
            var next = 0
            try old?.forEach { raw in
                let e = decode(raw)
                // Recent entries of lower ids first; equal ids: old (earlier seqs) first.
                while next < recent.count, (recent[next].id.high, recent[next].id.low) < (e.id.high, e.id.low) {
                    try put(recent[next]); next += 1
                }
                try put(e)
            }
            while next < recent.count { try put(recent[next]); next += 1 }
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer) -> Entry {
        let word = { (at: Int) in UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        return Entry(id: SampleID(high: word(0), low: word(8)), seq: word(16), offset: word(24))
    }
}
