#if canImport(Glibc)
import Glibc
#endif

/// Memory mapped from a file, unmapped when the object is released.
///
/// Two private shapes (a file changed or replaced later does not change the pages already
/// read; rename makes a new inode, and a file truncated under a mapping is what callers' length
/// and hash checks are for), and one shared (`sharedWritable`, the recovery point's slots):
/// - `readOnly(_:)`: a whole file, pages populated up front. Reading a 60 MB checkpoint with
///   `read` zeroes 60 MB of fresh pages and copies the file into them; mapping shares the page
///   cache's pages instead.
/// - `writableCopy(_:fileOffset:fileLength:reserving:)`: part of a file as copy-on-write memory
///   at the start of a larger zeroed region, so rows restored from a checkpoint can grow in place.
package final class MappedRegion: @unchecked Sendable {
    /// The start of the region (nil for an empty file).
    package let start: UnsafeMutableRawPointer?
    /// The region's length in bytes.
    package let length: Int

    private init(start: UnsafeMutableRawPointer?, length: Int) {
        self.start = start
        self.length = length
    }

    /// The region's bytes; valid while the object lives.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: length) }

    /// Maps the whole file at `path` read-only; throws when it cannot be opened, sized or mapped.
    package static func readOnly(_ path: String) throws(SystemCallError) -> MappedRegion {
        let fd = try FileDescriptor.open(path, O_RDONLY)
        defer { try? fd.close() }
        let size = try fd.size()
        guard size > 0 else { return MappedRegion(start: nil, length: 0) }
        guard let p = system_mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.rawValue, 0), p != MAP_FAILED else {
            throw SystemCallError(syscall: "mmap", subject: path, errno: .current)
        }
        return MappedRegion(start: p, length: size)
    }

    /// A private writable region of `reserving` bytes (rounded up to pages) whose first
    /// `fileLength` bytes are the file's from `fileOffset` (a multiple of the page size),
    /// copied on write; the rest is zeroed. Not populated: that would copy every page.
    package static func writableCopy(_ path: String, fileOffset: Int, fileLength: Int,
                                     reserving: Int) throws(SystemCallError) -> MappedRegion {
        let page = SystemProcess.pageSize
        let length = (max(reserving, fileLength) + page - 1) / page * page
        let fd = try FileDescriptor.open(path, O_RDONLY)
        defer { try? fd.close() }
        guard let region = system_mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              region != MAP_FAILED else {
            throw SystemCallError(syscall: "mmap", subject: path, errno: .current)
        }
        guard fileLength > 0 else { return MappedRegion(start: region, length: length) }
        guard let rows = system_mmap(region, fileLength, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
                                     fd.rawValue, off_t(fileOffset)), rows == region else {
            let error = Errno.current
            _ = system_munmap(region, length)
            throw SystemCallError(syscall: "mmap", subject: path, errno: error)
        }
        return MappedRegion(start: region, length: length)
    }

    /// The first `length` bytes of the open file `fd` (which must be at least that long), mapped
    /// shared and writable: a store into it changes the file's page in the page cache, as a
    /// `pwrite` would, without a system call; a process killed afterwards leaves the file
    /// changed, and `fdatasync` on the file makes the change durable.
    package static func sharedWritable(_ fd: FileDescriptor, length: Int, path: String) throws(SystemCallError) -> MappedRegion {
        guard let p = system_mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd.rawValue, 0), p != MAP_FAILED else {
            throw SystemCallError(syscall: "mmap", subject: path, errno: .current)
        }
        return MappedRegion(start: p, length: length)
    }

    deinit {
        if let start { _ = system_munmap(start, length) }
    }
}
