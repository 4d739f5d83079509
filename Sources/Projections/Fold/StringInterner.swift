import EventLog
extension String {
    /// Byte-wise order of the UTF-8 text: PostgreSQL's `COLLATE "C"`.
    @inline(__always)
    func bytewiseLess(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}

/// Gives each distinct string (by bytes) a small integer id, so that rows and counters hold
/// 4 bytes instead of a string.
///
/// Ids are dense from 0 and never reused: a label whose last sample is deleted keeps its id
/// (its counters drop to zero). The table grows with the number of distinct strings ever seen,
/// which for labels, function ids and region names is small.
///
/// The lookup is its own open-addressing table of ids, keyed by an FNV-1a hash of the UTF-8
/// bytes and compared byte for byte: interning runs for every submission of a rebuild, where a
/// `Dictionary` would hash each label with SipHash.
struct StringInterner: Sendable {
    private(set) var strings: [String] = []
    /// -1 for an empty bucket, else an id; the count is 0 or a power of two, at most half full.
    private var buckets: [Int32] = []

    /// The id of `text`, assigning the next one if it is new.
    /// - Complexity: O(length of `text`), amortised.
    mutating func intern(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { intern($0) }
    }

    /// The id of the text whose UTF-8 bytes are `bytes`, assigning the next one if it is new.
    /// - Complexity: O(`bytes.count`), amortised.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let lookup = find(bytes)
        if let found = lookup?.id { return found }
        let id = Int32(strings.count)
        strings.append(String(decoding: bytes, as: UTF8.self))
        if let hash = lookup?.hash, strings.count * 2 <= buckets.count {
            place(id, hash: hash)
        } else {
            rehash(max(16, buckets.count * 2))
        }
        return id
    }

    /// The id of `text` if it was ever interned.
    func id(of text: String) -> Int32? {
        var text = text
        return text.withUTF8 { find($0)?.id }
    }

    subscript(id: Int32) -> String { strings[Int(id)] }

    var count: Int { strings.count }

    /// The id of `bytes` (nil when absent) and its hash; nil for an empty table.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32?, hash: UInt64)? {
        guard !buckets.isEmpty else { return nil }
        let hash = Self.hash(bytes)
        let mask = buckets.count - 1
        var b = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = buckets[b]
            if id < 0 { return (nil, hash) }
            if Self.same(strings[Int(id)], bytes) { return (id, hash) }
            b = (b + 1) & mask
        }
    }

    private mutating func place(_ id: Int32, hash: UInt64) {
        let mask = buckets.count - 1
        var b = Int(truncatingIfNeeded: hash) & mask
        while buckets[b] >= 0 { b = (b + 1) & mask }
        buckets[b] = id
    }

    private mutating func rehash(_ size: Int) {
        buckets = [Int32](repeating: -1, count: size)
        for id in strings.indices {
            var text = strings[id]
            let hash = text.withUTF8 { Self.hash($0) }
            place(Int32(id), hash: hash)
        }
    }

    /// FNV-1a over the bytes, with a final mix so the low bits (the bucket) depend on all of them.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// Whether `text`'s UTF-8 bytes are exactly `bytes`.
    private static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return false }
        return utf8.withContiguousStorageIfAvailable { stored in
            guard let p = stored.baseAddress, let q = bytes.baseAddress else { return true }  // both empty
            return bytesEqual(p, q, bytes.count)
        } ?? utf8.elementsEqual(bytes)
    }
}
