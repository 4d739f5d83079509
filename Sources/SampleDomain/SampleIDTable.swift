/// Sample id → a small integer, as an open-addressing hash table: what `SampleRegistry` keeps
/// for each sample changed since its file (its state and last seq, packed in a `UInt64`).
///
/// Made for folding many events: one probe sequence per update (no separate sets to keep in
/// step), ids hashed with a few multiplies instead of SipHash, 16 bytes plus the value a bucket,
/// at most 3/4 full. Entries are never
/// removed — a deleted sample keeps its id with another value — so probing needs no tombstones.
/// The all-zero id, which marks an empty bucket, is kept beside the table.
struct SampleIDMap<Value: FixedWidthInteger & Sendable>: Sendable {
    private var keys: [SampleID] = []
    private var values: [Value] = []
    private var zeroValue: Value?
    /// How many ids have a value.
    private(set) var count = 0

    init() {}

    private static var empty: SampleID { SampleID(high: 0, low: 0) }

    @inline(__always)
    private static func home(_ id: SampleID, mask: Int) -> Int {
        var h = id.high ^ (id.low &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The value of `id`, or nil when it has none.
    /// - Complexity: O(1) expected.
    func value(of id: SampleID) -> Value? {
        if id == Self.empty { return zeroValue }
        guard !keys.isEmpty else { return nil }
        let mask = keys.count - 1
        var b = Self.home(id, mask: mask)
        while true {
            let key = keys[b]
            if key == id { return values[b] }
            if key == Self.empty { return nil }
            b = (b + 1) & mask
        }
    }

    /// Sets the value of `id`, adding it if new; returns its previous value.
    /// - Complexity: O(1) expected, amortised.
    @discardableResult
    mutating func set(_ id: SampleID, to value: Value) -> Value? {
        if id == Self.empty {
            let old = zeroValue
            if old == nil { count += 1 }
            zeroValue = value
            return old
        }
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let mask = keys.count - 1
        var b = Self.home(id, mask: mask)
        while true {
            let key = keys[b]
            if key == id {
                let old = values[b]
                values[b] = value
                return old
            }
            if key == Self.empty {
                keys[b] = id
                values[b] = value
                count += 1
                return nil
            }
            b = (b + 1) & mask
        }
    }

    /// Calls `body` with every id and its value, in no particular order.
    func forEach(_ body: (SampleID, Value) throws -> Void) rethrows {
        if let zeroValue { try body(Self.empty, zeroValue) }
        for (i, key) in keys.enumerated() where key != Self.empty { try body(key, values[i]) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = max(1024, keys.count * 2)
        keys = [SampleID](repeating: Self.empty, count: size)
        values = [Value](repeating: 0, count: size)
        let mask = size - 1
        for (i, key) in oldKeys.enumerated() where key != Self.empty {
            var b = Self.home(key, mask: mask)
            while keys[b] != Self.empty { b = (b + 1) & mask }
            keys[b] = key
            values[b] = oldValues[i]
        }
    }
}

/// The one-byte table the tests exercise against a `Dictionary`.
typealias SampleIDTable = SampleIDMap<UInt8>
