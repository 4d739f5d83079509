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
        /// `crc32` over eight bytes and over one byte.
        private struct Steps {
            let eight: @convention(c) (UInt64, UInt64) -> UInt64
            let one: @convention(c) (UInt32, UInt8) -> UInt32
        }

        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        /// The instruction's steps; nil when the processor lacks SSE 4.2. (Chosen at run time, so
        /// the compiler cannot inline the intrinsics into code compiled without SSE 4.2.)
        private static let steps: Steps? = {
            var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
            guard __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0, ecx & (1 << 20) != 0 else { return nil }
            return Steps(eight: _mm_crc32_u64, one: _mm_crc32_u8)
        }()
        #else
        private static let steps: Steps? = nil
        #endif

        /// Whether this processor computes CRC-32C itself.
        static let isAvailable = steps != nil

        /// `CRC32C.checksum` by the instruction; only when `isAvailable`.
        static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
            guard let steps, var p = bytes.baseAddress else { return seed }
            var n = bytes.count
            var crc = UInt64(~seed)
            while n >= 8 {
                crc = steps.eight(crc, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                p += 8
                n -= 8
            }
            var crc32 = UInt32(truncatingIfNeeded: crc)
            while n > 0 {
                crc32 = steps.one(crc32, p.load(as: UInt8.self))
                p += 1
                n -= 1
            }
            return ~crc32
        }
    }
}
