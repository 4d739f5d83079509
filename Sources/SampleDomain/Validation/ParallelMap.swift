import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Maps a batch on two threads, results in input order: for the per-line work of an append
/// (reading lines, encoding payloads) that depends on nothing but the line itself.
///
/// The answer is exactly `items.map(transform)`; only the wall time changes. Small batches,
/// and machines with one core, run on the calling thread.
enum ParallelMap {
    /// Below this many items a second thread costs more than it saves.
    static let minimumItems = 256

    /// Threads to use: two when the machine has them.
    static let threads: Int = {
        #if canImport(Glibc)
        return min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        #else
        return 1
        #endif
    }()

    /// `items.map(transform)`, computed in `threads` contiguous parts at once.
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let n = items.count
        let threads = ParallelMap.threads
        guard n >= minimumItems, threads > 1 else { return items.map(transform) }
        return [R](unsafeUninitializedCapacity: n) { buffer, count in
            // Each part initializes its own disjoint range of the buffer.
            let out = UncheckedPointer(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                guard let base = out.base else { return }
                for i in (n * part / threads)..<(n * (part + 1) / threads) {
                    (base + i).initialize(to: transform(items[i]))
                }
            }
            count = n
        }
    }
}

/// A buffer address handed to worker threads that write disjoint elements of it.
private struct UncheckedPointer<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R>?
}
