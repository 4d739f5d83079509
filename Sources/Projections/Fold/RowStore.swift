import EventLog

/// The row array of a `SampleTable`: contiguous `StoredRow`s with `Array`'s value semantics
/// (copy on write), which can also start out as a private, writable mapping of a checkpoint's
/// row section.
///
/// Mapped, a million rows load without copying 56 MB: the pages are the page cache's until the
/// tail fold writes to one, and then only that page is copied (by the kernel). Spare capacity
/// after the mapped rows is anonymous memory, so new samples append in place.
struct RowStore: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    typealias Row = SampleTable.StoredRow

    /// One buffer of rows; `StoredRow` is a trivial type, so nothing needs deinitialising.
    final class Storage {
        let base: UnsafeMutablePointer<Row>
        var count: Int
        let capacity: Int
        /// The mapped region (unmapped when released), when the rows are mapped rather than allocated.
        private let region: MappedRegion?

        init(capacity: Int) {
            base = .allocate(capacity: Swift.max(capacity, 1))
            count = 0
            self.capacity = capacity
            region = nil
        }

        init(mapped region: MappedRegion, start: UnsafeMutableRawPointer, count: Int, capacity: Int) {
            base = start.assumingMemoryBound(to: Row.self)
            self.count = count
            self.capacity = capacity
            self.region = region
        }

        func copy(capacity: Int) -> Storage {
            let new = Storage(capacity: capacity)
            new.base.initialize(from: base, count: count)
            new.count = count
            return new
        }

        deinit {
            if region == nil { base.deallocate() }
        }
    }

    private var storage: Storage

    init() { storage = Storage(capacity: 0) }

    /// Rows copied from `bytes` (laid out as in memory), with room for `headroom` more.
    init(copying bytes: UnsafeRawBufferPointer, count: Int, headroom: Int) {
        storage = Storage(capacity: count + headroom)
        if count > 0, let from = bytes.baseAddress {
            UnsafeMutableRawPointer(storage.base).copyMemory(from: from, byteCount: count * MemoryLayout<Row>.stride)
        }
        storage.count = count
    }

    /// `count` rows mapped privately from `path` at `fileOffset` (a multiple of the page size),
    /// with room for `headroom` more; nil when the mapping cannot be made (copy them instead).
    static func mapping(_ path: String, fileOffset: Int, count: Int, headroom: Int) -> RowStore? {
        let page = SystemProcess.pageSize
        guard count > 0, page > 0, fileOffset % page == 0 else { return nil }
        let stride = MemoryLayout<Row>.stride
        guard let region = try? MappedRegion.writableCopy(path, fileOffset: fileOffset, fileLength: count * stride,
                                                          reserving: (count + headroom) * stride),
              let start = region.start else { return nil }
        var store = RowStore()
        store.storage = Storage(mapped: region, start: start, count: count, capacity: count + headroom)
        return store
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(i: Int) -> Row {
        get {
            precondition(i >= 0 && i < storage.count, "row slot out of range")
            return storage.base[i]
        }
        set {
            precondition(i >= 0 && i < storage.count, "row slot out of range")
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: storage.capacity) }
            storage.base[i] = newValue
        }
    }

    /// - Complexity: O(1) amortised.
    mutating func append(_ row: Row) {
        let full = storage.count == storage.capacity
        if full || !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(capacity: full ? Swift.max(16, storage.capacity * 2) : storage.capacity)
        }
        (storage.base + storage.count).initialize(to: row)
        storage.count += 1
    }

    mutating func reserveCapacity(_ n: Int) {
        if n > storage.capacity { storage = storage.copy(capacity: n) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count * MemoryLayout<Row>.stride))
    }
}
