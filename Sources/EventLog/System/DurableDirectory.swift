#if canImport(Glibc)
import Glibc
#endif

/// Creating directories whose names must survive a power cut: a `mkdir` is only durable once
/// the directory holding the new entry has been fsynced. A new log directory and the ones above
/// it, the repair's staging and `damaged/` folders and `checkpoints/` are made here; the image
/// store keeps its own (`BlobStore.makeDurableDirectory`), which fsyncs the parent of an
/// existing folder too, once per process. An existing directory costs no fsync here.
extension PathOps {
    /// Creates the directory `path` (mode `mode`, less the umask) if it is missing and fsyncs
    /// its parent, so the new entry is durable before anything is put in it. Returns whether
    /// it created it; an existing directory (or anything else at that name) is left alone and
    /// not fsynced (a caller that needs a directory checks what is there).
    @discardableResult
    package static func makeDirectoryDurably(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) -> Bool {
        guard try makeDirectory(path, mode: mode) else { return false }
        try syncDirectory(Directory.split(path).directory)
        return true
    }

    /// Creates `path` and every missing directory above it (`mkdir -p`), outermost first, each
    /// durably (`makeDirectoryDurably`): after a power cut the whole chain is there or the
    /// command did not report success.
    package static func makeDirectoriesDurably(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) {
        var missing: [String] = []
        var current = path
        while try statusFollowingLinks(current) == nil {
            missing.append(current)
            let parent = Directory.split(current).directory
            if parent == current { break }
            current = parent
        }
        for directory in missing.reversed() { try makeDirectoryDurably(directory, mode: mode) }
    }
}
