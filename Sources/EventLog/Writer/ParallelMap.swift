import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Splits per-item work of a batch over two threads, results in input order: for the parts of
/// an append that depend on nothing but the item itself (reading input lines, encoding payloads,
/// encoding and checksumming record lines).
///
/// The answers are exactly those of the sequential loop; only the wall time changes. Small
/// batches, and machines with one core, run on the calling thread.
package enum ParallelMap {
    /// Below this many items a second thread costs more than it saves.
    @usableFromInline package static let minimumItems = 256

    /// Threads to use: two when the machine has them.
    package static let threads: Int = {
        #if canImport(Glibc)
        return min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        #else
        return 1
        #endif
    }()

    /// `body` applied to contiguous parts of `0..<count` (one per thread, in order), at once.
    @inlinable
    package static func parts<R>(_ count: Int, _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let threads = count >= minimumItems ? ParallelMap.threads : 1
        guard threads > 1 else { return [body(0..<count)] }
        return [R](unsafeUninitializedCapacity: threads) { buffer, initialized in
            // Each part initializes its own element of the buffer.
            let out = UncheckedPointer(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                guard let base = out.base else { return }
                (base + part).initialize(to: body((count * part / threads)..<(count * (part + 1) / threads)))
            }
            initialized = threads
        }
    }

    /// `items.map(transform)`, computed in parts at once.
    @inlinable
    package static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        map(count: items.count) { transform(items[$0]) }
    }

    /// `(0..<count).map(transform)`, computed in parts at once. Inlinable, so that callers in
    /// other modules get it specialized for their types (generic code would copy each result
    /// through the runtime's value witnesses).
    @inlinable
    package static func map<R>(count n: Int, _ transform: @Sendable (Int) -> R) -> [R] {
        guard n >= minimumItems, threads > 1 else { return (0..<n).map(transform) }
        return [R](unsafeUninitializedCapacity: n) { buffer, count in
            // Each part initializes its own disjoint range of the buffer.
            let out = UncheckedPointer(base: buffer.baseAddress)
            _ = parts(n) { range in
                guard let base = out.base else { return }
                for i in range { (base + i).initialize(to: transform(i)) }
            }
            count = n
        }
    }
}

/// A buffer address handed to worker threads that write disjoint elements of it.
@usableFromInline
struct UncheckedPointer<R>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<R>?
    @usableFromInline init(base: UnsafeMutablePointer<R>?) { self.base = base }
}
