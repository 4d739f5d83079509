/// The event-id index, `DIR/index/event_id.tbl`: a `SortedTable` of 16-byte entries (64-bit
/// hash of the escaped event_id bytes, seq; little-endian), sorted by hash then seq, covering
/// the log prefix named in its header. The writer answers `contains(eventID:)` from it plus an
/// in-memory table of the records after that prefix (read from the log on open, then fed by
/// each append); when that tail grows past `compactAfter` records, the file is rewritten.
///
/// The hash only narrows the search: a hit is confirmed by reading the record.
enum EventIDIndex {
    static let kind = SortedTable.Kind(magic: "TSLEVID2", entrySize: 16)
    /// Records after the file's prefix that make the writer rewrite it (at close, or when opened).
    static let compactAfter: UInt64 = 8192

    static func path(_ directory: String) -> String { SegmentDirectory.indexDirectory(directory) + "/event_id.tbl" }
    /// The file of earlier versions (a flat list in seq order), removed when seen.
    static func legacyPath(_ directory: String) -> String { SegmentDirectory.indexDirectory(directory) + "/event_id.idx" }

    /// FNV-1a 64 with a final avalanche (from SplitMix64). Stable across runs and platforms:
    /// it is stored on disk, so it must never change.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The JSON-escaped contents (no quotes) of an event id, as the record stores them.
    static func escaped(_ eventID: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.appendQuoted(eventID, to: &out)
        return Array(out.dropFirst().dropLast())
    }
}

/// The writer's event ids: the file (`base`, covering `base.prefix`) plus `recent`, the
/// records after it.
struct EventIDStore {
    var base: SortedTable?
    var recent = EventIDTable()
    /// The prefix `base` covers (the empty prefix without a base).
    var covered: LogPrefix

    init(base: SortedTable?, covered: LogPrefix) {
        self.base = base
        self.covered = covered
    }

    /// The seqs of every record whose event_id hashes to `hash`, in no particular order.
    /// - Throws: `SortedTable.Damaged` when the file fails a check.
    func seqs(for hash: UInt64) throws -> [UInt64] {
        var seqs = recent.seqs(for: hash)
        try base?.entries(withFirstWord: hash) { entry in
            seqs.append(UInt64(littleEndian: entry.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            return true
        }
        return seqs
    }

    mutating func insert(hash: UInt64, seq: UInt64) { recent.insert(hash: hash, seq: seq) }

    /// Writes base + recent as one new file covering `prefix`, and makes it the base.
    mutating func compact(path: String, prefix: LogPrefix) throws {
        let added = recent.sortedEntries()
        let old = base
        try SortedTableWriter.write(path: path, kind: EventIDIndex.kind, prefix: prefix, extra: 0) { add in
            var next = 0
            var entry = [UInt8](repeating: 0, count: 16)
            func put(_ hash: UInt64, _ seq: UInt64) throws {
                entry.withUnsafeMutableBytes { raw in
                    raw.storeBytes(of: hash.littleEndian, toByteOffset: 0, as: UInt64.self)
                    raw.storeBytes(of: seq.littleEndian, toByteOffset: 8, as: UInt64.self)
                }
                try entry.withUnsafeBytes { try add($0) }
            }
            try old?.forEach { stored in
                let hash = UInt64(littleEndian: stored.loadUnaligned(as: UInt64.self))
                let seq = UInt64(littleEndian: stored.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                while next < added.count, added[next] < (hash, seq) {
                    try put(added[next].0, added[next].1)
                    next += 1
                }
                try put(hash, seq)
            }
            while next < added.count {
                try put(added[next].0, added[next].1)
                next += 1
            }
        }
        base?.close()
        guard case .loaded(let table) = SortedTable.open(path, kind: EventIDIndex.kind) else {
            throw LogError(.io, "the event-id index just written at \(path) does not read back", path: path)
        }
        base = table
        covered = prefix
        recent.removeAll()
    }

    func close() { base?.close() }
}

/// In-memory hash → seqs map for the records after the event-id file's prefix.
struct EventIDTable {
    private var first: [UInt64: UInt64] = [:]
    private var more: [UInt64: [UInt64]] = [:]
    private(set) var count = 0

    mutating func insert(hash: UInt64, seq: UInt64) {
        if first[hash] == nil { first[hash] = seq } else { more[hash, default: []].append(seq) }
        count += 1
    }

    func seqs(for hash: UInt64) -> [UInt64] {
        guard let seq = first[hash] else { return [] }
        return [seq] + (more[hash] ?? [])
    }

    /// Every (hash, seq), sorted.
    func sortedEntries() -> [(UInt64, UInt64)] {
        var all: [(UInt64, UInt64)] = []
        all.reserveCapacity(count)
        for (hash, seq) in first { all.append((hash, seq)) }
        for (hash, seqs) in more { for seq in seqs { all.append((hash, seq)) } }
        all.sort { $0 < $1 }
        return all
    }

    mutating func removeAll() { first = [:]; more = [:]; count = 0 }
}
