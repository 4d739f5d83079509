#if canImport(Glibc)
import Glibc
#endif

/// A raw file descriptor with one throwing method per system call (the top of the three layers).
///
/// It does not own the descriptor; `OwnedFile` does.
struct FileDescriptor: Sendable {
    let rawValue: Int32

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemCallError) -> FileDescriptor {
        let fd = try check("open") { system_open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd)
    }

    /// Closes the descriptor. EINTR is not retried: on Linux the descriptor is gone either way.
    func close() throws(SystemCallError) {
        _ = try check("close", retryOnInterrupt: false) { system_close(rawValue) }
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(SystemCallError) -> Int {
        try check("pread") { system_pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(SystemCallError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: offset + done)
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes every byte, looping on short writes (swift-system's `writeAll`).
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            done += try check("write") { system_write(rawValue, rest.baseAddress, rest.count) }
        }
    }

    /// Writes every byte at `offset`, looping on short writes.
    func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            done += try check("pwrite") { system_pwrite(rawValue, rest.baseAddress, rest.count, off_t(offset + done)) }
        }
    }

    func fsync() throws(SystemCallError) { _ = try check("fsync") { system_fsync(rawValue) } }

    func truncate(to length: Int) throws(SystemCallError) {
        _ = try check("ftruncate") { system_ftruncate(rawValue, off_t(length)) }
    }

    /// `flock(LOCK_EX | LOCK_NB)`: true when taken, false when another descriptor holds it.
    func tryLockExclusive() throws(SystemCallError) -> Bool {
        switch valueOrErrno({ system_flock(rawValue, LOCK_EX | LOCK_NB) }) {
        case .success: return true
        case .failure(let e) where e == .wouldBlock: return false
        case .failure(let e): throw SystemCallError(syscall: "flock", errno: e)
        }
    }

    /// The file's size in bytes (`fstat`).
    func size() throws(SystemCallError) -> Int {
        var st = stat()
        _ = try check("fstat") { system_fstat(rawValue, &st) }
        return Int(st.st_size)
    }
}

/// Filesystem calls on paths.
enum PathOps {
    static func unlink(_ path: String) throws(SystemCallError) {
        _ = try check("unlink") { system_unlink(path) }
    }

    static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        _ = try check("rename") { system_rename(from, to) }
    }

    /// Creates a directory; an existing one is fine.
    static func makeDirectory(_ path: String) throws(SystemCallError) {
        switch valueOrErrno({ system_mkdir(path, 0o755) }) {
        case .success: return
        case .failure(let e) where e == .fileExists: return
        case .failure(let e): throw SystemCallError(syscall: "mkdir", errno: e)
        }
    }

    /// fsyncs a directory so a created, renamed or removed entry in it is durable.
    static func syncDirectory(_ path: String) throws(SystemCallError) {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        defer { try? fd.close() }
        try fd.fsync()
    }
}
