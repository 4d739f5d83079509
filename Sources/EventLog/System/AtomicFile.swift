import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file atomically: a new temporary file beside it, every byte (piece by piece
/// for a streamed export), `fsync`, `close`, `rename` over the target, `fsync` of the
/// directory — every result checked. A reader sees the old file or the new one, never part of
/// one; a crash leaves at worst a `.NAME.tmp-…` file behind (removed by `removeLeftovers`),
/// never a partial target. Checkpoints, index files, exports, reports and replay use it.
///
/// The temporary name holds the pid and 64 random bits and is created with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`: nobody can plant a file or a symbolic link at it in advance
/// and have the write go through that.
///
/// Only a regular file (or nothing) is replaced: a symbolic link, a directory, a FIFO, a socket
/// or a device at `path` is refused, so a write is never redirected through a link and never
/// replaces `/dev/null` with a file.
package enum AtomicFile {
    /// Why the file was not written, in words naming the path (and the call and errno).
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
        /// The errno, when a system call failed.
        package var errno: Errno?

        package init(_ description: String, errno: Errno? = nil) {
            self.description = description
            self.errno = errno
        }

        init(_ error: SystemCallError) { self.init(error.description, errno: error.errno) }

        /// The temporary file beside `path` could not be made in `directory`: said of the
        /// path and directory the caller named, not of the temporary file's name.
        init(creating path: String, in directory: String, _ errno: Errno) {
            switch errno {
            case .noSuchFileOrDirectory: self.init("cannot create '\(path)': the directory '\(directory)' does not exist", errno: errno)
            case .notADirectory: self.init("cannot create '\(path)': '\(directory)' is not a directory", errno: errno)
            default: self.init("cannot create '\(path)': cannot make a file in '\(directory)': \(errno)", errno: errno)
            }
        }
    }

    /// Writes `bytes` as the whole of the file at `path`, atomically.
    package static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        try write(to: path, mode: mode) { write in try write(bytes) }
    }

    /// Writes the file at `path` atomically from pieces: `produce` is called once with a
    /// function that appends a piece to the temporary file (so only one piece need be in memory
    /// at a time), and the file appears at `path` whole after `produce` returns. If `produce`
    /// or any write throws, the temporary file is removed, the target is left as it was, and
    /// the error is rethrown (a system call's as a `Failure`).
    package static func write(to path: String, mode: mode_t = 0o644,
                              _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try checkReplaceable(path)
        let (directory, name) = Directory.split(path)
        let (fd, temporary) = try createTemporary(for: path, in: directory, name: name, mode: keptMode(path, mode))
        var renamed = false
        defer { if !renamed { try? PathOps.unlink(temporary) } }
        do {
            try produce { bytes in
                do { try bytes.withUnsafeBytes { raw in try fd.writeAll(raw) } } catch {
                    throw Failure(SystemCallError(error).on(temporary))
                }
            }
            do { try fd.fsync() } catch { throw Failure(error.on(temporary)) }
        } catch {
            try? fd.close()
            throw error
        }
        do {
            try fd.close()
            try checkReplaceable(path)
            try PathOps.rename(temporary, path)
            renamed = true
            try PathOps.syncDirectory(directory)
        } catch let error as SystemCallError {
            throw Failure(error)
        }
    }

    /// Writes each `(bytes, path)` as `write(_:to:)` does, atomically each, as one batch: every
    /// temporary file is written first, then each is fsynced, then each renamed over its path,
    /// then each directory involved fsynced once. On a journaling file system the first fsync
    /// commits what the others would (the batch's data and inodes go in one commit), so a batch
    /// costs about two device flushes instead of two per file. A success means every file is
    /// durable; on a failure the files not yet renamed are not there (their temporary files are
    /// removed), those renamed are whole, and the error is thrown.
    package static func writeAll(_ files: [(bytes: [UInt8], path: String)], mode: mode_t = 0o644) throws {
        var pending: [(fd: FileDescriptor?, temporary: String, path: String)] = []
        defer {
            for item in pending {
                try? item.fd?.close()
                try? PathOps.unlink(item.temporary)
            }
        }
        for file in files {
            try checkReplaceable(file.path)
            let (directory, name) = Directory.split(file.path)
            let (fd, temporary) = try createTemporary(for: file.path, in: directory, name: name, mode: keptMode(file.path, mode))
            pending.append((fd, temporary, file.path))
            do { try file.bytes.withUnsafeBytes { raw in try fd.writeAll(raw) } } catch {
                throw Failure(SystemCallError(error).on(temporary))
            }
        }
        // The fsyncs run on several threads at once, so that the file system commits them
        // together (one journal commit for many: an fsync waits for the commit in flight and
        // joins the next); one after another, each would wait for a commit of its own.
        let descriptors = pending.map { $0.fd! }
        let failures = FailureList(count: descriptors.count)
        DispatchQueue.concurrentPerform(iterations: Swift.min(syncLanes, descriptors.count)) { lane in
            for i in stride(from: lane, to: descriptors.count, by: syncLanes) {
                do { try descriptors[i].fsync() } catch let error as SystemCallError { failures.set(i, error) } catch {}
            }
        }
        for i in pending.indices {
            if let error = failures.get(i) { throw Failure(error.on(pending[i].temporary)) }
            let fd = pending[i].fd!
            pending[i].fd = nil
            do { try fd.close() } catch { throw Failure(error) }
        }
        var directories: [String] = []
        while let item = pending.first {
            do {
                try checkReplaceable(item.path)
                try PathOps.rename(item.temporary, item.path)
            } catch let error as SystemCallError {
                throw Failure(error)
            }
            pending.removeFirst()
            let directory = Directory.split(item.path).directory
            if directories.last != directory && !directories.contains(directory) { directories.append(directory) }
        }
        let folders = directories
        let directoryFailures = FailureList(count: folders.count)
        DispatchQueue.concurrentPerform(iterations: Swift.min(syncLanes, folders.count)) { lane in
            for i in stride(from: lane, to: folders.count, by: syncLanes) {
                do { try PathOps.syncDirectory(folders[i]) } catch let error as SystemCallError { directoryFailures.set(i, error) } catch {}
            }
        }
        for i in directories.indices {
            if let error = directoryFailures.get(i) { throw Failure(error) }
        }
    }

    /// Threads that fsync a batch's files at once (`writeAll`).
    static let syncLanes = 16

    /// One slot per file for the system call error it met, filled from several threads.
    private final class FailureList: @unchecked Sendable {
        // @unchecked: `errors` is touched under `lock`.
        private let lock = NSLock()
        private var errors: [SystemCallError?]
        init(count: Int) { errors = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ error: SystemCallError) { lock.lock(); errors[i] = error; lock.unlock() }
        func get(_ i: Int) -> SystemCallError? { lock.lock(); defer { lock.unlock() }; return errors[i] }
    }

    /// Refuses a `path` that exists and is not a regular file, or whose directory does not
    /// exist (so a command refuses a mistyped output directory before it writes anything).
    package static func checkReplaceable(_ path: String) throws {
        let status: FileStatus?
        do { status = try PathOps.status(path) } catch { throw Failure(error) }
        guard let status else { return try checkParent(of: path) }
        guard status.kind != .regular else { return }
        switch status.kind {
        case .symbolicLink:
            throw Failure("'\(path)' is a symbolic link; refusing to write through or over it (remove the link or name its target)")
        case .directory:
            throw Failure("'\(path)' is a directory")
        default:
            throw Failure("'\(path)' is \(status.kindDescription); tslog replaces only regular files")
        }
    }

    /// Refuses a `path` to be created whose directory does not exist or is not a directory,
    /// naming that directory: a command checks this before it writes anything (a file here, or
    /// the new directory of `replay --into` and `export --format dataset`).
    package static func checkParent(of path: String) throws {
        let directory = Directory.split(path).directory
        let parent: FileStatus?
        do { parent = try PathOps.statusFollowingLinks(directory) } catch { throw Failure(error) }
        guard let parent else { throw Failure(creating: path, in: directory, .noSuchFileOrDirectory) }
        if parent.kind != .directory { throw Failure(creating: path, in: directory, .notADirectory) }
    }

    /// The mode for the file that replaces `path`: `mode`, narrowed to the permissions of the
    /// file at `path` when there is one. The rename puts a new inode in place, which would
    /// otherwise get `mode` (less the umask): an export a user made private (`chmod 600`) would
    /// turn world-readable the next time it is written. It never widens them.
    static func keptMode(_ path: String, _ mode: mode_t) -> mode_t {
        guard let status = try? PathOps.status(path), status.kind == .regular else { return mode }
        return mode & status.permissions
    }

    /// Creates a new temporary file `.NAME.tmp-<pid>-<random>` in `directory`, never one that
    /// exists and never through a link; a failure names `path` and `directory`.
    private static func createTemporary(for path: String, in directory: String, name: String,
                                        mode: mode_t) throws -> (FileDescriptor, String) {
        var attempts = 0
        while true {
            let temporary = "\(directory)/.\(name).tmp-\(Directory.unpredictableSuffix())"
            do {
                let fd = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
                return (fd, temporary)
            } catch {
                attempts += 1
                if error.errno == .fileExists && attempts < 8 { continue }
                throw Failure(creating: path, in: directory, error.errno)
            }
        }
    }

    /// Whether `name` is a temporary file: this writer's `.NAME.tmp-<pid>-<random>` or an older
    /// one's (`NAME.tmp`, `NAME.tmp-<pid>`).
    package static func isTemporaryName(_ name: String) -> Bool { name.contains(".tmp") }

    /// Whether the temporary file `name` belongs to a process that is gone: its pid (after
    /// `.tmp-`) is not a live process other than this one; a name without a pid counts as gone.
    package static func isOfGoneProcess(_ name: String) -> Bool {
        guard let range = name.range(of: ".tmp") else { return false }
        let rest = name[range.upperBound...]
        guard rest.hasPrefix("-"), let pid = Int32(rest.dropFirst().prefix(while: \.isNumber)) else { return true }
        return pid != SystemProcess.id && !SystemProcess.isAlive(pid)
    }

    /// Removes the temporary files a killed writer left in `directory` (regular files and links
    /// whose names are temporary; links are removed, never followed) and returns their names.
    /// A caller holding the lock every writer of `directory` takes removes them all; otherwise
    /// (`onlyOfGoneProcesses`) only those whose process is gone, so a live writer's file stays.
    @discardableResult
    package static func removeLeftovers(in directory: String, onlyOfGoneProcesses: Bool = false) -> [String] {
        guard let names = try? Directory.entries(directory) else { return [] }
        var removed: [String] = []
        for name in names where isTemporaryName(name) && (!onlyOfGoneProcesses || isOfGoneProcess(name)) {
            let path = directory + "/" + name
            guard let status = try? PathOps.status(path), status.kind == .regular || status.kind == .symbolicLink else { continue }
            if (try? PathOps.unlink(path)) != nil { removed.append(name) }
        }
        return removed
    }
}
