#if canImport(Glibc)
import Glibc
#endif

/// A file that must not exist yet, written whole and fsynced: for files inside a directory
/// that is itself built under a temporary name and renamed into place at the end (a dataset
/// export), where a rename per file would add nothing.
package enum NewFile {
    /// Creates `path` with `O_CREAT|O_EXCL|O_NOFOLLOW` (never an existing file, never through a
    /// link), writes every byte, fsyncs and closes it, checking every result.
    package static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
        do {
            try bytes.withUnsafeBytes { raw in try fd.writeAll(raw) }
            try fd.fsync()
        } catch {
            try? fd.close()
            throw SystemCallError(error)
        }
        try fd.close()
    }
}
