/// The event-id index, `DIR/index/event_id.idx`: 16-byte entries (64-bit hash of the escaped
/// event_id bytes, seq; little-endian), one per record that has an event_id, in seq order.
///
/// The hash only narrows the search: a hit is confirmed by reading the record.
enum EventIDIndex {
    static let magic: StaticString = "TSLEVID1"
    static let entrySize = 16

    static func path(_ directory: String) -> String { SegmentDirectory.indexDirectory(directory) + "/event_id.idx" }

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

    static func encode(hash: UInt64, seq: UInt64, into out: inout [UInt8]) {
        out.appendLE(hash)
        out.appendLE(seq)
    }

    /// Decodes entries into `table`; returns why they are unusable, or nil.
    static func decode(_ bytes: [UInt8], covered: UInt64, lastSeq: UInt64, into table: inout EventIDTable) -> String? {
        if covered > lastSeq { return "covers seq \(covered) but the log ends at \(lastSeq)" }
        var previous: UInt64 = 0
        for at in stride(from: 0, to: bytes.count, by: entrySize) {
            let seq: UInt64 = bytes.loadLE(at + 8)
            guard seq > previous, seq <= covered else { return "entry for seq \(seq) out of order or beyond covered seq \(covered)" }
            table.insert(hash: bytes.loadLE(at), seq: seq)
            previous = seq
        }
        return nil
    }
}

/// In-memory hash → seqs map the writer answers `contains(eventID:)` from.
struct EventIDTable {
    private var first: [UInt64: UInt64] = [:]
    private var more: [UInt64: [UInt64]] = [:]

    mutating func insert(hash: UInt64, seq: UInt64) {
        if first[hash] == nil { first[hash] = seq } else { more[hash, default: []].append(seq) }
    }

    func seqs(for hash: UInt64) -> [UInt64] {
        guard let seq = first[hash] else { return [] }
        return [seq] + (more[hash] ?? [])
    }

    mutating func removeAll() { first = [:]; more = [:] }
}
