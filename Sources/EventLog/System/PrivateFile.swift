#if canImport(Glibc)
import Glibc
#endif

/// Creates a small file only its owner may read (mode 0600 from the first byte on), for secrets
/// such as the server's token file.
package enum PrivateFile {
    /// Writes `bytes` to a new file at `path` (`O_EXCL`, `O_NOFOLLOW`: never an existing file or
    /// a symlink), fsyncs it and its directory.
    /// - Throws: `LogError` of kind `.io` naming the path (`EEXIST` when something is there).
    package static func create(_ path: String, contents bytes: [UInt8]) throws {
        let file = try OwnedFile.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
        do {
            try LogError.io(path) { try file.descriptor.writeAll(bytes, at: 0) }
            try LogError.io(path) { try file.descriptor.fsync() }
            try file.close()
        } catch {
            try? file.close()
            try? PathOps.unlink(path)
            throw error
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try LogError.io(directory) { try PathOps.syncDirectory(directory.isEmpty ? "/" : directory) }
    }
}
