import SampleDomain

/// Which samples point at each stored SHA-256: the image ledger's index for "the other samples
/// with the same bytes" (the desk's sample page), so that question costs the size of the
/// answer, not a scan of every sample's image facts.
///
/// Kept compact for a log with a million images: a SHA-256 is keyed by its first 128 bits (two
/// words, no string), and most keys hold one sample inline. Two SHA-256s that share their first
/// 128 bits land under one key; `ImageLedger.samplesSharingBytes` compares the whole SHA-256, so
/// such a collision can only cost time, never a wrong answer.
public struct ImageBytesIndex: Sendable {
    struct Key: Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        /// The first 32 hex digits of `sha256` as two words (a non-hex digit counts as 0: the
        /// key only has to be the same for the same text).
        init(_ sha256: String) {
            var words: (UInt64, UInt64) = (0, 0)
            for (i, c) in sha256.utf8.prefix(32).enumerated() {
                let v: UInt64 = switch c {
                case 0x30...0x39: UInt64(c - 0x30)
                case 0x61...0x66: UInt64(c - 0x61 + 10)
                case 0x41...0x46: UInt64(c - 0x41 + 10)
                default: 0
                }
                if i < 16 { words.0 = words.0 << 4 | v } else { words.1 = words.1 << 4 | v }
            }
            high = words.0
            low = words.1
        }
    }

    enum Samples: Sendable {
        case one(SampleID)
        case many([SampleID])
    }

    private var groups: [Key: Samples] = [:]

    public init() {}

    /// Notes that `sampleID`'s stored bytes are `sha256`.
    mutating func insert(_ sampleID: SampleID, sha256: String) {
        let key = Key(sha256)
        switch groups[key] {
        case nil: groups[key] = .one(sampleID)
        case .one(let first): groups[key] = .many([first, sampleID])
        case .many(var ids):
            groups[key] = nil  // uniquely referenced while it grows
            ids.append(sampleID)
            groups[key] = .many(ids)
        }
    }

    /// Forgets that `sampleID`'s stored bytes are `sha256` (it was fetched again, other bytes).
    mutating func remove(_ sampleID: SampleID, sha256: String) {
        let key = Key(sha256)
        switch groups[key] {
        case nil: return
        case .one(let first): if first == sampleID { groups[key] = nil }
        case .many(var ids):
            groups[key] = nil
            ids.removeAll { $0 == sampleID }
            groups[key] = ids.count == 1 ? .one(ids[0]) : (ids.isEmpty ? nil : .many(ids))
        }
    }

    /// Calls `body` with each group of two or more samples noted under one key (in no particular
    /// order; a group may mix SHA-256s that share their first 128 bits: compare the whole one).
    /// - Complexity: O(keys).
    public func forEachShared(_ body: ([SampleID]) throws -> Void) rethrows {
        for case .many(let ids) in groups.values { try body(ids) }
    }

    /// The samples noted under `sha256`'s key, in the order they were noted.
    public func samples(sha256: String) -> [SampleID] {
        switch groups[Key(sha256)] {
        case nil: []
        case .one(let id): [id]
        case .many(let ids): ids
        }
    }
}
