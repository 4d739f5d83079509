#if canImport(Glibc)
import Glibc
#endif

/// A checkpoint file mapped read-only into memory, pages populated up front.
///
/// Reading a 60 MB checkpoint with `read` zeroes 60 MB of fresh pages and copies the file into
/// them; mapping it shares the page cache's pages instead (no zeroing, no copy). The mapping is
/// private and read-only: a file replaced while it is mapped keeps the old pages (rename makes
/// a new inode), and a file truncated under it is what the length and hash checks are for.
final class MappedFile {
    /// The file's bytes; valid until the object is released.
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    /// Maps `path`; nil when it cannot be opened, sized or mapped (the checkpoint is then not used).
    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 0 else { return nil }
        let size = Int(st.st_size)
        guard size > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), p != MAP_FAILED else { return nil }
        base = p
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }
}
