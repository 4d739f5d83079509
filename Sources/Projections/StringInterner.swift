#if canImport(Glibc)
import Glibc
#endif

/// A string compared and hashed by its UTF-8 bytes alone.
///
/// Swift's `String ==` treats canonically equivalent text as equal (`"é"` precomposed equals
/// `"e\u{301}"`); PostgreSQL's `COLLATE "C"` does not. Labels are grouped byte for byte, so the
/// interner keys on bytes.
struct ByteString: Hashable, Sendable {
    let value: String

    static func == (a: ByteString, b: ByteString) -> Bool {
        let x = a.value.utf8, y = b.value.utf8
        guard x.count == y.count else { return false }
        // Both contiguous for native strings: compare with memcmp, not element by element.
        let same = x.withContiguousStorageIfAvailable { p in
            y.withContiguousStorageIfAvailable { q in
                guard let pa = p.baseAddress, let qa = q.baseAddress else { return true }  // both empty
                return memcmp(pa, qa, p.count) == 0
            }
        }
        return (same ?? nil) ?? x.elementsEqual(y)
    }

    func hash(into hasher: inout Hasher) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(value.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

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
struct StringInterner: Sendable {
    private(set) var strings: [String] = []
    private var ids: [ByteString: Int32] = [:]

    /// The id of `text`, assigning the next one if it is new.
    /// - Complexity: O(length of `text`), amortised.
    mutating func intern(_ text: String) -> Int32 {
        let key = ByteString(value: text)
        if let id = ids[key] { return id }
        let id = Int32(strings.count)
        strings.append(text)
        ids[key] = id
        return id
    }

    /// The id of `text` if it was ever interned.
    func id(of text: String) -> Int32? { ids[ByteString(value: text)] }

    subscript(id: Int32) -> String { strings[Int(id)] }

    var count: Int { strings.count }
}
