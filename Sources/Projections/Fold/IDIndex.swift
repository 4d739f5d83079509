import SampleDomain

/// Sample id → row slot, as an open-addressing hash table of 4-byte slot numbers.
///
/// The ids themselves are not stored here: each bucket holds a slot into `SampleTable.rows` (or
/// -1 for empty), and a lookup compares the id in that row. For a million live rows that is
/// 2^21 buckets of 4 bytes (8 MiB, ~8 bytes a row) where `[SampleID: Int32]` took ~42 bytes a
/// row. Linear probing; deletion shifts later entries back (no tombstones), so a table that
/// sees many deletes never degrades. The load factor stays at or below 3/4.
///
/// A bucket also keeps 4 bits of the id's hash above its 27-bit slot number, so a probe that
/// passes other ids' buckets reads their rows (a cache miss each, at random) only once in 16
/// times: a lookup of a new id touches the bucket array alone. That caps the table at 2^27
/// (134 million) row slots.
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

    /// Bits of a bucket that hold the row slot; the 4 bits above them hold the tag.
    static let slotBits = 27
    static let slotMask: Int32 = (1 << 27) - 1

    /// The slot a non-empty bucket names.
    @inline(__always)
    static func slot(ofBucket entry: Int32) -> Int32 { entry & slotMask }

    /// `id`'s bits, mixed: ids are usually random (version 4 UUIDs) but need not be.
    @inline(__always)
    static func hash(_ id: SampleID) -> UInt64 {
        var h = id.high ^ (id.low &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 29
        return h
    }

    /// The home bucket of a hash in a table of `mask + 1` buckets (its low bits).
    @inline(__always)
    static func home(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The tag of a hash (its top 4 bits), in place above the slot bits.
    @inline(__always)
    static func tag(_ hash: UInt64) -> Int32 { Int32(truncatingIfNeeded: hash >> 60) << Int32(slotBits) }

    /// The slot of `id`, or nil.
    /// - Complexity: O(1) expected.
    func find(_ id: SampleID, in rows: RowStore) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        let h = Self.hash(id), tag = Self.tag(h)
        var b = Self.home(h, mask: mask)
        while true {
            let entry = buckets[b]
            if entry < 0 { return nil }
            if entry & ~Self.slotMask == tag, rows[Int(entry & Self.slotMask)].id == id { return entry & Self.slotMask }
            b = (b + 1) & mask
        }
    }

    /// Reads the buckets (and the rows they name) that looking up `ids` will read, so that the
    /// lookups find them in the cache; returns a value made from what it read, for the caller to
    /// keep so that the reads are not optimised away.
    ///
    /// A rebuild looks up every event's id in a table far larger than the processor's caches, at
    /// random: one cache miss, at least, per event. Read in a tight loop ahead of the fold, many
    /// of those misses are waited for at once instead of one after another.
    func warm(_ ids: some Sequence<SampleID>, in rows: RowStore) -> UInt64 {
        guard !buckets.isEmpty else { return 0 }
        let mask = buckets.count - 1
        var seen: UInt64 = 0
        buckets.withUnsafeBufferPointer { b in
            for id in ids {
                let entry = b[Self.home(Self.hash(id), mask: mask)]
                if entry >= 0 { seen &+= rows[Int(entry & Self.slotMask)].id.low } else { seen &+= 1 }
            }
        }
        return seen
    }

    /// Adds `id` (which must not be present) at `slot`; `rows[slot]` must already hold it.
    /// - Complexity: O(1) expected, amortised.
    mutating func insert(_ id: SampleID, slot: Int32, rows: RowStore) {
        precondition(slot <= Self.slotMask, "more than \(Self.slotMask + 1) row slots: the id table cannot hold them")
        if (count + 1) * 4 > buckets.count * 3 { resize(max(16, buckets.count * 2), rows: rows) }
        place(id, slot)
        count += 1
    }

    /// Removes `id`, which must be present.
    mutating func remove(_ id: SampleID, rows: RowStore) {
        let mask = buckets.count - 1
        var hole = Self.home(Self.hash(id), mask: mask)
        while rows[Int(Self.slot(ofBucket: buckets[hole]))].id != id { hole = (hole + 1) & mask }
        // Backward shift: move each later entry of the run into the hole when its home allows.
        var next = (hole + 1) & mask
        while buckets[next] >= 0 {
            let home = Self.home(Self.hash(rows[Int(Self.slot(ofBucket: buckets[next]))].id), mask: mask)
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
        let h = Self.hash(id)
        var b = Self.home(h, mask: mask)
        while buckets[b] >= 0 { b = (b + 1) & mask }
        buckets[b] = Self.tag(h) | slot
    }

    private mutating func resize(_ size: Int, rows: RowStore) {
        let old = buckets
        buckets = [Int32](repeating: -1, count: size)
        for entry in old where entry >= 0 {
            let slot = Self.slot(ofBucket: entry)
            place(rows[Int(slot)].id, slot)
        }
    }
}
