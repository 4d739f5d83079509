#if canImport(Glibc)
import Glibc
#endif

/// A raw file descriptor with one throwing method per system call (the top of the three layers).
///
/// It does not own the descriptor; `OwnedFile` does.
package struct FileDescriptor: Sendable {
    package let rawValue: Int32

    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// Standard input, output and error.
    package static let standardInput = FileDescriptor(rawValue: 0)
    package static let standardOutput = FileDescriptor(rawValue: 1)
    package static let standardError = FileDescriptor(rawValue: 2)

    package static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemCallError) -> FileDescriptor {
        let fd = try check("open", path) { system_open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd)
    }

    /// Opens `path` for reading (following links: an input may be anything readable).
    package static func openForReading(_ path: String) throws(SystemCallError) -> FileDescriptor {
        try open(path, O_RDONLY)
    }

    /// Opens the directory `path` itself (`O_DIRECTORY | O_NOFOLLOW`), e.g. to fsync or lock it.
    package static func openDirectory(_ path: String) throws(SystemCallError) -> FileDescriptor {
        try open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
    }

    /// Reads up to `buffer.count` bytes from the current position; 0 means end of file.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        try check("read") { system_read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads up to `buffer.count` bytes from the current position into the start of `buffer`;
    /// 0 means end of file. The safe form of `read(into:)` for a caller holding an array.
    package func read(into buffer: inout [UInt8]) throws(SystemCallError) -> Int {
        let result: Result<Int, SystemCallError> = buffer.withUnsafeMutableBytes { raw in
            do throws(SystemCallError) { return .success(try read(into: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The current position (`lseek(0, SEEK_CUR)`): where the next `read` starts.
    package func position() throws(SystemCallError) -> Int {
        Int(try check("lseek") { system_lseek(rawValue, 0, SEEK_CUR) })
    }

    /// Moves the position to `offset` from the start (`lseek(SEEK_SET)`), e.g. to read a
    /// regular file's input again.
    package func seek(to offset: Int) throws(SystemCallError) {
        _ = try check("lseek") { system_lseek(rawValue, off_t(offset), SEEK_SET) }
    }

    /// Closes the descriptor. EINTR is not retried: on Linux the descriptor is gone either way.
    package func close() throws(SystemCallError) {
        _ = try check("close", retryOnInterrupt: false) { system_close(rawValue) }
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 means end of file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(SystemCallError) -> Int {
        try check("pread") { system_pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    package func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(SystemCallError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: offset + done)
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes every byte, looping on short writes (swift-system's `writeAll`).
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            done += try check("write") { system_write(rawValue, rest.baseAddress, rest.count) }
        }
    }

    /// Writes every byte at `offset`, looping on short writes.
    package func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            done += try check("pwrite") { system_pwrite(rawValue, rest.baseAddress, rest.count, off_t(offset + done)) }
        }
    }

    /// Writes every byte of `bytes` at the current position, looping on short writes.
    package func writeAll(_ bytes: ArraySlice<UInt8>) throws(SystemCallError) {
        let failure: SystemCallError? = bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) { try writeAll(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Writes every byte of `bytes` at `offset`.
    package func writeAll(_ bytes: [UInt8], at offset: Int) throws(SystemCallError) {
        let failure: SystemCallError? = bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) { try writeAll(raw, at: offset); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    package func fsync() throws(SystemCallError) { _ = try check("fsync") { system_fsync(rawValue) } }

    /// `fsync` without the metadata a later read does not need (a changed mtime): for a file
    /// rewritten in place at a fixed size, one device write fewer than `fsync`.
    package func fdatasync() throws(SystemCallError) { _ = try check("fdatasync") { system_fdatasync(rawValue) } }

    package func truncate(to length: Int) throws(SystemCallError) {
        _ = try check("ftruncate") { system_ftruncate(rawValue, off_t(length)) }
    }

    /// `flock(LOCK_UN)`: releases a lock this descriptor holds.
    package func unlock() throws(SystemCallError) {
        _ = try check("flock") { system_flock(rawValue, LOCK_UN) }
    }

    /// `flock(LOCK_EX | LOCK_NB)`: true when taken, false when another descriptor holds it.
    package func tryLockExclusive() throws(SystemCallError) -> Bool {
        switch valueOrErrno({ system_flock(rawValue, LOCK_EX | LOCK_NB) }) {
        case .success: return true
        case .failure(let e) where e == .wouldBlock: return false
        case .failure(let e): throw SystemCallError(syscall: "flock", errno: e)
        }
    }

    /// The file's size in bytes (`fstat`).
    package func size() throws(SystemCallError) -> Int {
        var st = stat()
        _ = try check("fstat") { system_fstat(rawValue, &st) }
        return Int(st.st_size)
    }

    /// What the descriptor refers to (`fstat`).
    package func status() throws(SystemCallError) -> FileStatus {
        var st = stat()
        _ = try check("fstat") { system_fstat(rawValue, &st) }
        return FileStatus(st)
    }

    /// Whether the descriptor is a terminal (`isatty`).
    package var isTerminal: Bool { system_isatty(rawValue) == 1 }

    /// The column count of the terminal on this descriptor (`ioctl(TIOCGWINSZ)`), or nil.
    package var terminalColumns: Int? {
        var size = winsize()
        guard system_ioctl_winsize(rawValue, &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// Filesystem calls on paths.
package enum PathOps {
    package static func unlink(_ path: String) throws(SystemCallError) {
        _ = try check("unlink", path) { system_unlink(path) }
    }

    package static func removeDirectory(_ path: String) throws(SystemCallError) {
        _ = try check("rmdir", path) { system_rmdir(path) }
    }

    package static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        _ = try check("rename", "\(from) to \(to)") { system_rename(from, to) }
    }

    /// Creates a directory; an existing one is fine (when `existingIsFine`). Returns whether it
    /// created it.
    @discardableResult
    package static func makeDirectory(_ path: String, mode: mode_t = 0o755, existingIsFine: Bool = true) throws(SystemCallError) -> Bool {
        switch valueOrErrno({ system_mkdir(path, mode) }) {
        case .success: return true
        case .failure(let e) where e == .fileExists && existingIsFine: return false
        case .failure(let e): throw SystemCallError(syscall: "mkdir", subject: path, errno: e)
        }
    }

    /// fsyncs a directory so a created, renamed or removed entry in it is durable.
    package static func syncDirectory(_ path: String) throws(SystemCallError) {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        defer { try? fd.close() }
        try fd.fsync()
    }

    /// What is at `path`, not following a final symbolic link (`lstat`); nil when nothing is.
    package static func status(_ path: String) throws(SystemCallError) -> FileStatus? {
        var st = stat()
        switch valueOrErrno({ system_lstat(path, &st) }) {
        case .success: return FileStatus(st)
        case .failure(let e) where e == .noSuchFileOrDirectory || e == .notADirectory: return nil
        case .failure(let e): throw SystemCallError(syscall: "lstat", subject: path, errno: e)
        }
    }

    /// The absolute path `path` leads to, every symbolic link resolved (`realpath`); nil when
    /// it cannot be resolved (missing, unreadable).
    package static func resolved(_ path: String) -> String? {
        guard let p = system_realpath(path) else { return nil }
        defer { system_free(p) }
        return String(cString: p)
    }

    /// What `path` leads to, following symbolic links (`stat`); nil when nothing is there.
    package static func statusFollowingLinks(_ path: String) throws(SystemCallError) -> FileStatus? {
        var st = stat()
        switch valueOrErrno({ system_stat(path, &st) }) {
        case .success: return FileStatus(st)
        case .failure(let e) where e == .noSuchFileOrDirectory || e == .notADirectory: return nil
        case .failure(let e): throw SystemCallError(syscall: "stat", subject: path, errno: e)
        }
    }
}
