import SampleDomain

/// Sample id → row slot, as an open-addressing hash table of 4-byte slot numbers.
///
/// The ids themselves are not stored here: each bucket holds a slot into `SampleTable.rows` (or
/// -1 for empty), and a lookup compares the id in that row. For a million live rows that is
/// 2^21 buckets of 4 bytes (8 MiB, ~8 bytes a row) where `[SampleID: Int32]` took ~42 bytes a
/// row. Linear probing; deletion shifts later entries back (no tombstones), so a table that
/// sees many deletes never degrades. The load factor stays at or below 3/4.
///
/// The buckets are a plain `[Int32]` so a checkpoint can store and load them as they are
/// (`buckets`, `init(buckets:count:)`).
struct IDIndex: Sendable {
    /// -1 for an empty bucket, else a row slot. The count is 0 or a power of two.
    private(set) var buckets: [Int32] = []
    /// How many ids the table holds.
    private(set) var count = 0

    init() {}

    /// A table from stored buckets; the caller has checked that they hold `count` slots.
    init(buckets: [Int32], count: Int) {
        precondition(buckets.isEmpty || buckets.count & (buckets.count - 1) == 0, "bucket count must be a power of two")
        self.buckets = buckets
        self.count = count
    }

    /// The home bucket of `id` in a table of `mask + 1` buckets. Ids are usually random
    /// (version 4 UUIDs) but need not be: the bits are mixed first.
    @inline(__always)
    static func home(_ id: SampleID, mask: Int) -> Int {
        var h = id.high ^ (id.low &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The slot of `id`, or nil.
    /// - Complexity: O(1) expected.
    func find(_ id: SampleID, in rows: RowStore) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var b = Self.home(id, mask: mask)
        while true {
            let slot = buckets[b]
            if slot < 0 { return nil }
            if rows[Int(slot)].id == id { return slot }
            b = (b + 1) & mask
        }
    }

    /// Adds `id` (which must not be present) at `slot`; `rows[slot]` must already hold it.
    /// - Complexity: O(1) expected, amortised.
    mutating func insert(_ id: SampleID, slot: Int32, rows: RowStore) {
        if (count + 1) * 4 > buckets.count * 3 { resize(max(16, buckets.count * 2), rows: rows) }
        place(id, slot)
        count += 1
    }

    /// Removes `id`, which must be present.
    mutating func remove(_ id: SampleID, rows: RowStore) {
        let mask = buckets.count - 1
        var hole = Self.home(id, mask: mask)
        while rows[Int(buckets[hole])].id != id { hole = (hole + 1) & mask }
        // Backward shift: move each later entry of the run into the hole when its home allows.
        var next = (hole + 1) & mask
        while buckets[next] >= 0 {
            let home = Self.home(rows[Int(buckets[next])].id, mask: mask)
            // The entry may move to `hole` unless its home lies cyclically in (hole, next].
            let distanceHome = (next - home) & mask, distanceHole = (next - hole) & mask
            if distanceHome >= distanceHole {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = -1
        count -= 1
    }

    /// Grows the table so that `capacity` ids fit without resizing.
    mutating func reserveCapacity(_ capacity: Int, rows: RowStore) {
        var size = max(16, buckets.count)
        while capacity * 4 > size * 3 { size *= 2 }
        if size > buckets.count { resize(size, rows: rows) }
    }

    private mutating func place(_ id: SampleID, _ slot: Int32) {
        let mask = buckets.count - 1
        var b = Self.home(id, mask: mask)
        while buckets[b] >= 0 { b = (b + 1) & mask }
        buckets[b] = slot
    }

    private mutating func resize(_ size: Int, rows: RowStore) {
        let old = buckets
        buckets = [Int32](repeating: -1, count: size)
        for slot in old where slot >= 0 { place(rows[Int(slot)].id, slot) }
    }
}
