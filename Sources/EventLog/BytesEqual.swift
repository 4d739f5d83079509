/// Whether `count` bytes at `p` and `q` are equal, compared eight at a time.
///
/// For the short keys and literals of records and payloads, read on every record of a scan: a
/// call to `memcmp` for ten bytes costs more than the comparison itself. Public only so that
/// other modules inline it (see `ByteWord`); not part of the library's API.
@inlinable @inline(__always)
public func bytesEqual(_ p: UnsafePointer<UInt8>, _ q: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var k = 0
    while k + 8 <= count {
        if UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(q + k).loadUnaligned(as: UInt64.self) {
            return false
        }
        k += 8
    }
    while k < count {
        if p[k] != q[k] { return false }
        k += 1
    }
    return true
}
