#if canImport(Glibc)
import Glibc
#endif

/// Directory walks: the names in a directory, and removing a tree this process made.
package enum Directory {
    /// The names in `path` (not `.` and `..`), in the order the filesystem gives them.
    package static func entries(_ path: String) throws(SystemCallError) -> [String] {
        guard let dir = system_opendir(path) else {
            throw SystemCallError(syscall: "opendir", subject: path, errno: .current)
        }
        defer { _ = system_closedir(dir) }
        var names: [String] = []
        while let entry = system_readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `path` and everything under it, never following a symbolic link (a link is
    /// removed, not what it points at). For trees this process created (a replay in progress).
    package static func removeTree(_ path: String) throws(SystemCallError) {
        guard let status = try PathOps.status(path) else { return }
        guard status.kind == .directory else { return try PathOps.unlink(path) }
        for name in try entries(path) { try removeTree(path + "/" + name) }
        try PathOps.removeDirectory(path)
    }

    /// The directory (`.` when none is named) and the last component of `path`.
    package static func split(_ path: String) -> (directory: String, name: String) {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// A name no other process will guess: the pid and 64 random bits, in hex.
    package static func unpredictableSuffix() -> String {
        "\(SystemProcess.id)-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// Makes a directory tree built under a temporary name appear whole under `target`: fsyncs
    /// `subdirectories` (deepest first) and `built`, renames `built` to `target`, and fsyncs
    /// `target`'s parent, so after a crash there is either the whole tree or none of it.
    /// `target` must not exist or be an empty directory (`rename`'s rule).
    package static func publish(_ built: String, as target: String, subdirectories: [String]) throws(SystemCallError) {
        for dir in subdirectories.sorted(by: { $0.count > $1.count }) { try PathOps.syncDirectory(dir) }
        try PathOps.syncDirectory(built)
        try PathOps.rename(built, target)
        try PathOps.syncDirectory(split(target).directory)
    }
}
