/// Whether a record's raw type bytes start with a four-byte family prefix — `log.` for the log's
/// own records (`RepairMarker`), `tag.` for tag records — which is how every reader tells those
/// apart from sample events. The one place this check is written.
///
/// Asked of every record a fold, a history or an event read sees, so the four bytes are compared
/// as one 32-bit word (an unaligned load; the prefix's word comes from a literal), not through a
/// shared prefix array, whose reference count the decoding threads would contend for. It means
/// exactly `type.starts(with: prefix.utf8)`; `RecordTypePrefixTests` holds the two equal at
/// every alignment.
///
/// Public only so that the other modules' readers inline it (as `ByteWord`); not API.
public enum RecordTypePrefix {
    /// Whether `type` starts with `prefix`, which must be exactly four bytes.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public static func matches(_ type: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        assert(prefix.utf8CodeUnitCount == 4, "a record type prefix is four bytes")
        guard type.count >= 4, let p = type.baseAddress else { return false }
        return UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
            == UnsafeRawPointer(prefix.utf8Start).loadUnaligned(as: UInt32.self)
    }
}
