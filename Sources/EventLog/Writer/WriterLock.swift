import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The exclusive writer lock of a log: `flock(LOCK_EX | LOCK_NB)` on the log directory itself
/// and on `DIR/LOCK`, polled until a timeout.
///
/// The directory's lock is the one that matters: a directory cannot be swapped under an open
/// descriptor the way a file can, so replacing or deleting `DIR/LOCK` while a writer runs does not
/// let a second writer in (issue 17: with the file alone, both got the lock and the seq chain
/// forked). `DIR/LOCK` is locked too, so a tool that locks that file (`flock DIR/LOCK …`) still
/// keeps writers out, and it holds the holder's pid, so a refused writer can name the process.
///
/// flock locks belong to the open file, so the lock is released when the descriptors are closed,
/// including when the process dies: a crashed writer never leaves a stale lock behind.
final class WriterLock {
    let directory: String
    private let directoryFile: OwnedFile
    private let lockFile: OwnedFile
    private var isClosed = false

    private init(directory: String, directoryFile: OwnedFile, lockFile: OwnedFile) {
        self.directory = directory
        self.directoryFile = directoryFile
        self.lockFile = lockFile
    }

    static func path(_ directory: String) -> String { directory + "/LOCK" }

    /// Takes the lock, waiting up to `timeout` seconds, polling every 10 ms. The refusal names
    /// the holder's pid when the holder wrote it (tslog writers do).
    static func acquire(_ directory: String, timeout: Double) throws -> WriterLock {
        let lockPath = path(directory)
        let directoryFile = try OwnedFile.open(directory, O_RDONLY | O_DIRECTORY)
        let lockFile: OwnedFile
        do { lockFile = try OwnedFile.open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW) } catch {
            try? directoryFile.close()
            guard var refusal = error as? LogError, refusal.errno == EACCES || refusal.errno == EROFS else { throw error }
            // Said in words: the usual cause is a log owned by another user or a read-only mount.
            refusal.message = "cannot write to the log at \(directory): it is read-only here (reads such as query and log still work)"
            throw refusal
        }
        let lock = WriterLock(directory: directory, directoryFile: directoryFile, lockFile: lockFile)
        let started = SystemProcess.monotonicSeconds()
        do {
            while true {
                if try lock.tryTake() {
                    lock.recordHolder()
                    return lock
                }
                let waited = SystemProcess.monotonicSeconds() - started
                if waited >= timeout {
                    let holder = lock.holderPid().map { " (pid \($0))" } ?? ""
                    throw LogError(.locked, "another tslog process\(holder) is writing to \(directory) (lock \(lockPath) held); waited \(String(format: "%.1f", timeout)) s",
                                   path: lockPath)
                }
                SystemProcess.sleep(seconds: min(0.01, max(0.001, timeout - waited)))
            }
        } catch {
            lock.isClosed = true
            try? directoryFile.close()
            try? lockFile.close()
            throw error
        }
    }

    /// Both locks, or neither.
    private func tryTake() throws -> Bool {
        let taken = try LogError.io(directory, "cannot lock") { try directoryFile.descriptor.tryLockExclusive() }
        guard taken else { return false }
        let file = try LogError.io(lockFile.path, "cannot lock") { try lockFile.descriptor.tryLockExclusive() }
        if !file { try? directoryFile.descriptor.unlock() }
        return file
    }

    /// Writes this process's pid into `LOCK` (not fsynced: it is a hint for messages).
    private func recordHolder() {
        let text = Array("\(SystemProcess.id)\n".utf8)
        try? lockFile.descriptor.truncate(to: 0)
        try? text.withUnsafeBytes { try lockFile.descriptor.writeAll($0, at: 0) }
    }

    /// The pid written in `LOCK` by its holder, when it names a live process other than this one.
    private func holderPid() -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard let n = try? bytes.withUnsafeMutableBytes({ try lockFile.descriptor.read(into: $0, at: 0) }), n > 0,
              let pid = Int32(String(decoding: bytes[..<n], as: UTF8.self).trimmingSpaces()), pid > 0,
              SystemProcess.isAlive(pid) else { return nil }
        return pid
    }

    /// Releases the lock: clears the pid, closes both descriptors.
    func close() throws {
        guard !isClosed else { return }
        isClosed = true
        try? lockFile.descriptor.truncate(to: 0)
        var failure: (any Error)?
        do { try lockFile.close() } catch { failure = error }
        do { try directoryFile.close() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    deinit {
        assert(isClosed, "WriterLock for \(directory) was not closed")
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
