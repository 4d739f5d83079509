#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
private import _Builtin_intrinsics.intel
private import _Builtin_intrinsics.intel.cpuid
#endif

extension CRC32C {
    /// The processor's CRC-32C instruction (x86-64 SSE 4.2 `crc32`), when it has one.
    ///
    /// The instruction is reached through the C intrinsics that ship with the Swift toolchain's
    /// Clang. Swift code cannot be compiled for SSE 4.2 without build flags that would keep tslog
    /// from being used as a package dependency, so the intrinsic is not inlined: it is called
    /// through a C function pointer, whose body Clang compiles with the instruction enabled.
    /// The call costs a few cycles per eight bytes, and the result is still about twice the
    /// speed of the tables. Whether the processor has the instruction is asked once (`cpuid`).
    enum Hardware {
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        /// `crc32` over eight bytes; nil when the processor lacks SSE 4.2.
        private static let step64: (@convention(c) (UInt64, UInt64) -> UInt64)? = {
            var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
            guard __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0, ecx & (1 << 20) != 0 else { return nil }
            return _mm_crc32_u64
        }()
        #else
        private static let step64: (@convention(c) (UInt64, UInt64) -> UInt64)? = nil
        #endif

        /// Whether this processor computes CRC-32C itself.
        static let isAvailable = step64 != nil

        /// `CRC32C.checksum` by the instruction; only when `isAvailable`.
        static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
            guard let step64, var p = bytes.baseAddress else { return seed }
            var n = bytes.count
            var crc = UInt64(~seed)
            while n >= 8 {
                crc = step64(crc, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                p += 8
                n -= 8
            }
            // The last bytes (fewer than eight) by the table.
            return CRC32C.software(UnsafeRawBufferPointer(start: p, count: n), seed: ~UInt32(truncatingIfNeeded: crc))
        }
    }
}
