#if canImport(Glibc)
import Glibc
#endif

/// Reads a checkpoint file whole into one array, with one `read` loop and no intermediate copy
/// (a `Data` and its conversion to `[UInt8]` cost two extra passes over ~60 MB).
enum WholeFileRead {
    /// The bytes of `path`; nil when it cannot be opened or read (the checkpoint is then not used).
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 0 else { return nil }
        let size = Int(st.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
            // Bytes past `done` are never read: a short file is rejected below.
            if done < size { buffer.baseAddress!.update(repeating: 0, count: size) }
            complete = done == size
            initialized = size
        }
        return complete ? bytes : nil
    }
}
