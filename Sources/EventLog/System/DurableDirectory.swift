#if canImport(Glibc)
import Glibc
#endif

/// Creating directories whose names must survive a power cut: a `mkdir` is only durable once
/// the directory holding the new entry has been fsynced. Every directory the engine creates and
/// then relies on (a new log directory and the ones above it, the repair's staging and
/// `damaged/` folders, the image store's folders, `checkpoints/`) is made here, so the rule
/// lives in one place. An existing directory costs no fsync.
extension PathOps {
    /// Creates the directory `path` (mode `mode`, less the umask) if it is missing and fsyncs
    /// its parent, so the new entry is durable before anything is put in it. Returns whether
    /// it created it; an existing directory (or anything else at that name) is left alone and
    /// not fsynced (a caller that needs a directory checks what is there).
    @discardableResult
    package static func makeDirectoryDurably(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) -> Bool {
        switch valueOrErrno({ system_mkdir(path, mode) }) {
        case .success:
            try syncDirectory(Directory.split(path).directory)
            return true
        case .failure(let e) where e == .fileExists:
            return false
        case .failure(let e):
            throw SystemCallError(syscall: "mkdir", subject: path, errno: e)
        }
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
