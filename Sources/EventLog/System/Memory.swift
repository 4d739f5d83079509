#if canImport(Glibc)
import Glibc
#endif

/// The C library's byte-search, for modules that do not call libc themselves.
package enum Memory {
    /// The offset of the first `byte` in `bytes` (`memchr`: vectorised by the C library), or nil.
    @inline(__always)
    package static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0,
              let hit = memchr(base, Int32(byte), bytes.count) else { return nil }
        return UnsafeRawPointer(hit) - base
    }
}
