/// Where a command may put an output file or directory (`export --out`, `report --out`, the
/// `.position.json` sidecar, `replay --into`): never inside a tslog log, and never over anything
/// but a regular file.
///
/// A log directory is recognised by what the writer puts in it: a `LOCK` file or a segment file
/// (`<20-digit seq>.jsonl`). Every directory from the output's parent up to `/` is checked, after
/// resolving symbolic links, so `--out L/00000000000000000001.jsonl`, `--out L/sub/x.csv` and a
/// path reaching into a log through a link are all refused before anything is written.
package enum OutputPath {
    /// Throws an `AtomicFile.Failure` naming the reason when `path` may not be written.
    package static func check(_ path: String) throws {
        try AtomicFile.checkReplaceable(path)
        try checkOutsideLogs(path)
    }

    /// Throws when `path` is inside a tslog log directory (or would be, once created).
    package static func checkOutsideLogs(_ path: String) throws {
        if let log = enclosingLog(of: path) {
            throw AtomicFile.Failure("'\(path)' is inside the tslog log \(log); outputs are never written into a log directory: name a path outside it")
        }
    }

    /// The log directory `path` would land in, if any: its parent or any ancestor that is a log.
    package static func enclosingLog(of path: String) -> String? {
        var directory = Directory.split(path).directory
        var resolved = PathOps.resolved(directory)
        while resolved == nil, directory != "/", directory != "." {
            directory = Directory.split(directory).directory
            resolved = PathOps.resolved(directory)
        }
        guard var current = resolved ?? PathOps.resolved(".") else { return nil }
        while true {
            if isLogDirectory(current) { return current }
            if current == "/" || current.isEmpty { return nil }
            current = Directory.split(current).directory
        }
    }

    /// Whether `directory` holds a writer's `LOCK` or a segment file.
    package static func isLogDirectory(_ directory: String) -> Bool {
        let prefix = directory == "/" ? "" : directory
        if (try? PathOps.status(prefix + "/LOCK"))??.kind == .regular { return true }
        guard let names = try? Directory.entries(directory) else { return false }
        return names.contains { Segment.firstSeq(ofName: $0) != nil }
    }
}
