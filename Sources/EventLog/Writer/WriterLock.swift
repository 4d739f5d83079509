import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The exclusive writer lock: `flock(LOCK_EX | LOCK_NB)` on `DIR/LOCK`, polled until a timeout.
///
/// flock locks belong to the open file, so the lock is released when the descriptor is closed,
/// including when the process dies: a crashed writer never leaves a stale lock behind.
enum WriterLock {
    static func path(_ directory: String) -> String { directory + "/LOCK" }

    /// Takes the lock, waiting up to `timeout` seconds, polling every 10 ms.
    static func acquire(_ directory: String, timeout: Double) throws -> OwnedFile {
        let lockPath = path(directory)
        let file = try OwnedFile.open(lockPath, O_RDWR | O_CREAT)
        let started = monotonicSeconds()
        do {
            while true {
                let taken = try LogError.io(lockPath, "cannot lock") { 
                    try file.descriptor.tryLockExclusive()
                }
                if taken { return file }
                let waited = monotonicSeconds() - started
                if waited >= timeout {
                    throw LogError(.locked, "another tslog process is writing to \(directory) (lock \(lockPath) held); waited \(String(format: "%.1f", timeout)) s",
                                   path: lockPath)
                }
                usleep(useconds_t(min(10_000, max(1000, (timeout - waited) * 1_000_000))))
            }
        } catch {
            try? file.close()
            throw error
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
