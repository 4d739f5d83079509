import SampleDomain

/// The distinct SHA-256s of the stored images, numbered in the order first seen, each with the
/// samples whose last `image.fetched` stored it (in the order they got it): the image facts'
/// table of digests, so that a sample's image costs a 4-byte number, and "who shares these
/// bytes" (the desk's same-bytes list, `images check`'s duplicates and conflicts) costs the size
/// of the answer, not a scan.
///
/// A SHA-256 is kept as its 32 bytes (`SHA256Value`), found through an open-addressing table
/// of numbers keyed by its first word (the digest's own bits are uniform). A text that is not
/// 64 hex digits — the schema refuses it on input, so only a hand-made log could hold one — is
/// kept as text, numbered the same way.
/// - Complexity: `number(for:)` and `find` O(1) expected; memory about 32 + 24 + 8 bytes a digest.
struct ImageDigestTable: Sendable {
    /// The samples that stored one digest.
    enum Holders: Sendable, Equatable {
        case none
        case one(SampleID)
        case many([SampleID])

        var ids: [SampleID] {
            switch self {
            case .none: []
            case .one(let id): [id]
            case .many(let ids): ids
            }
        }
    }

    /// The digests by number.
    private(set) var values: [SHA256Value] = []
    /// Numbers whose text is not a SHA-256 in hex: their text (their `values` entry is zero).
    private(set) var oddTexts: [Int32: String] = [:]
    private var oddNumbers: [String: Int32] = [:]
    /// Open addressing: -1 empty, else a number; a power of two, at most half full.
    private var buckets: [Int32] = []
    /// By number.
    private(set) var holders: [Holders] = []

    init() {}

    var count: Int { values.count }

    /// The number of `text`, adding it when new.
    mutating func number(for text: String) -> Int32 {
        if let n = find(text) { return n }
        let n = Int32(values.count)
        if let value = SHA256Value(hex: text) {
            values.append(value)
            holders.append(.none)
            if (values.count) * 2 > buckets.count { rehash(capacity: Swift.max(64, buckets.count * 2)) } else { place(n) }
        } else {
            values.append(SHA256Value())
            holders.append(.none)
            oddTexts[n] = text
            oddNumbers[text] = n
        }
        return n
    }

    /// The number of `text`, or nil when no sample stored it.
    func find(_ text: String) -> Int32? {
        guard let value = SHA256Value(hex: text) else { return oddNumbers[text] }
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var i = Int(truncatingIfNeeded: value.w0) & mask
        while true {
            let n = buckets[i]
            if n < 0 { return nil }
            if values[Int(n)] == value, oddTexts.isEmpty || oddTexts[n] == nil { return n }
            i = (i + 1) & mask
        }
    }

    /// The SHA-256 of number `n`, as 64 lowercase hex digits (or the odd text it was).
    func text(_ n: Int32) -> String {
        if !oddTexts.isEmpty, let odd = oddTexts[n] { return odd }
        return values[Int(n)].hex
    }

    /// Whether numbers `a` and `b` of two tables name the same text.
    static func same(_ a: Int32, in ta: ImageDigestTable, _ b: Int32, in tb: ImageDigestTable) -> Bool {
        let oa = ta.oddTexts[a], ob = tb.oddTexts[b]
        if oa != nil || ob != nil { return oa == ob }
        return ta.values[Int(a)] == tb.values[Int(b)]
    }

    private mutating func place(_ n: Int32) {
        let mask = buckets.count - 1
        var i = Int(truncatingIfNeeded: values[Int(n)].w0) & mask
        while buckets[i] >= 0 { i = (i + 1) & mask }
        buckets[i] = n
    }

    private mutating func rehash(capacity: Int) {
        buckets = Array(repeating: -1, count: capacity)
        for n in values.indices where oddTexts.isEmpty || oddTexts[Int32(n)] == nil { place(Int32(n)) }
    }

    /// Notes that `id` now holds digest `n` (after any other it held was `release`d).
    mutating func hold(_ id: SampleID, _ n: Int32) {
        let i = Int(n)
        switch holders[i] {
        case .none: holders[i] = .one(id)
        case .one(let first): holders[i] = .many([first, id])
        case .many(var ids):
            holders[i] = .none  // uniquely referenced while it grows
            ids.append(id)
            holders[i] = .many(ids)
        }
    }

    /// Notes that `id` no longer holds digest `n` (it was fetched again, other bytes).
    mutating func release(_ id: SampleID, _ n: Int32) {
        let i = Int(n)
        switch holders[i] {
        case .none: return
        case .one(let first): if first == id { holders[i] = .none }
        case .many(var ids):
            holders[i] = .none
            ids.removeAll { $0 == id }
            holders[i] = ids.count == 1 ? .one(ids[0]) : (ids.isEmpty ? .none : .many(ids))
        }
    }

    /// A table restored from a checkpoint: `values` and `oddTexts` as stored, `holders` by number.
    /// - Throws: when a text repeats.
    init(values: [SHA256Value], oddTexts: [Int32: String], holders: [Holders]) throws {
        self.values = values
        self.oddTexts = oddTexts
        self.holders = holders
        for (n, text) in oddTexts {
            guard oddNumbers.updateValue(n, forKey: text) == nil else { throw DigestTableError() }
        }
        var capacity = 64
        while capacity < values.count * 2 { capacity *= 2 }
        buckets = Array(repeating: -1, count: capacity)
        let mask = capacity - 1
        for n in values.indices where oddTexts.isEmpty || oddTexts[Int32(n)] == nil {
            var i = Int(truncatingIfNeeded: values[n].w0) & mask
            while buckets[i] >= 0 {
                guard values[Int(buckets[i])] != values[n] else { throw DigestTableError() }
                i = (i + 1) & mask
            }
            buckets[i] = Int32(n)
        }
    }
}

/// A checkpoint's digest table repeats a digest.
struct DigestTableError: Error {}

/// A SHA-256 as its 32 bytes, in four big-endian words (the hex text's order).
struct SHA256Value: Hashable, Sendable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    init() {}

    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// The value of 64 lowercase hex digits; nil for any other text (so that `hex` gives the
    /// same text back).
    init?(hex: String) {
        var words: [UInt64] = [0, 0, 0, 0]
        var n = 0
        for c in hex.utf8 {
            guard n < 64 else { return nil }
            let v: UInt64
            switch c {
            case 0x30...0x39: v = UInt64(c - 0x30)
            case 0x61...0x66: v = UInt64(c - 0x61 + 10)
            default: return nil
            }
            words[n / 16] = words[n / 16] << 4 | v
            n += 1
        }
        guard n == 64 else { return nil }
        (w0, w1, w2, w3) = (words[0], words[1], words[2], words[3])
    }

    /// 64 lowercase hex digits.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var i = 0
            for word in [w0, w1, w2, w3] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    buffer[i] = digits[Int((word >> UInt64(shift)) & 0xF)]
                    i += 1
                }
            }
            return 64
        }
    }
}
