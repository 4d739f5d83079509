import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A content-addressed store of blobs (the image crops) inside a log directory.
///
/// Layout, under `DIR/images/`:
///
///     sha256/ab/abcdef…   a blob, named by the 64 lowercase hex digits of its SHA-256;
///                         the first two digits name its folder
///     sha256/ab/.abcdef….tmp-…   a blob being written (`AtomicFile`); a kill can leave it,
///                         `removeLeftovers()` removes it
///     LOCK                held by the one process adding blobs (`lockForWriting()`)
///
/// Guarantees: a file under a SHA-256 name only ever appears by `rename` of a temporary file
/// written from the very buffer whose hash is the name and fsynced, and the rename is made
/// durable by an fsync of its directory; so a crash at any moment leaves either no file under
/// the name or exactly the bytes it names. The same bytes are stored once, however many samples point at
/// them. `verify(_:)` re-hashes a stored blob to find bytes damaged later.
public final class BlobStore: @unchecked Sendable {
    /// `DIR/images`.
    public let root: String
    private let lock = NSLock()
    /// Directories already created and made durable by this process.
    private var durableDirectories: Set<String> = []

    /// The store of the log at `logDirectory` (nothing is created until a blob is added).
    public init(logDirectory: String) {
        root = logDirectory + "/images"
    }

    /// Where the blob named `sha256` (64 lowercase hex digits) lives.
    public func path(of sha256: String) -> String {
        "\(root)/sha256/\(sha256.prefix(2))/\(sha256)"
    }

    /// Whether a blob named `sha256` is stored (its bytes are not re-read; see `verify`).
    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: path(of: sha256))
    }

    /// What `put` did.
    public struct Stored: Equatable, Sendable {
        /// The blob's name: the lowercase hex SHA-256 of its bytes.
        public var sha256: String
        /// False when the same bytes were already stored (nothing was written).
        public var created: Bool
    }

    /// Stores `bytes` under their SHA-256, hashed from the very buffer that is written, with
    /// `AtomicFile` (a `.NAME.tmp-…` file created with `O_EXCL|O_NOFOLLOW`, fsync, rename,
    /// directory fsync). Returns at once if the blob is already stored.
    /// A success means the blob is durable.
    public func put(_ bytes: [UInt8]) throws -> Stored {
        let name = SHA256.hex(SHA256.hash(bytes))
        let final = path(of: name)
        if FileManager.default.fileExists(atPath: final) { return Stored(sha256: name, created: false) }
        try makeDurableDirectory("\(root)/sha256/\(name.prefix(2))")
        do {
            try AtomicFile.write(bytes, to: final)
        } catch {
            throw Self.failure("cannot store blob \(name)", error, path: final)
        }
        return Stored(sha256: name, created: true)
    }

    /// Stores each of `blobs` as `put` does, as one batch (`AtomicFile.writeAll`: every
    /// temporary file written, then fsynced, renamed, and each folder fsynced once), so a few
    /// thousand blobs cost a few device flushes instead of two each. Bytes already stored, or
    /// given twice, are written once. A success means every blob is durable; on a failure those
    /// not yet renamed are not there, and the error is thrown.
    /// - Complexity: `chunk` files are written at a time (open descriptors).
    public func putAll(_ blobs: [[UInt8]], chunk: Int = 512) throws -> [Stored] {
        try putAll(named: blobs.map { (SHA256.hex(SHA256.hash($0)), $0) }, chunk: chunk)
    }

    /// `putAll` of blobs whose names (their SHA-256) the caller computed from these very bytes.
    func putAll(named blobs: [(name: String, bytes: [UInt8])], chunk: Int = 512) throws -> [Stored] {
        var stored: [Stored] = []
        var files: [(bytes: [UInt8], path: String)] = []
        var named = Set<String>()
        for (name, bytes) in blobs {
            let final = path(of: name)
            let created = !named.contains(name) && !FileManager.default.fileExists(atPath: final)
            stored.append(Stored(sha256: name, created: created))
            guard created else { continue }
            named.insert(name)
            try makeDurableDirectory("\(root)/sha256/\(name.prefix(2))")
            files.append((bytes, final))
        }
        for start in stride(from: 0, to: files.count, by: Swift.max(1, chunk)) {
            let part = Array(files[start..<Swift.min(start + Swift.max(1, chunk), files.count)])
            do {
                try AtomicFile.writeAll(part)
            } catch {
                throw Self.failure("cannot store \(part.count) blobs", error, path: root)
            }
        }
        return stored
    }

    /// A failed store as `.io`, keeping a failed call's syscall and errno (so a full disk is
    /// told as one: `LogError.shortage`, the server's 507, the command's advice). No advice of
    /// its own: a fetch records the text as the `image.fetch_failed` reason.
    private static func failure(_ what: String, _ error: Error, path: String) -> LogError {
        switch error {
        case let failed as SystemCallError:
            LogError(.io, what, path: failed.subject ?? path, syscall: failed.syscall, errno: failed.errno.rawValue)
        case let failed as AtomicFile.Failure:
            LogError(.io, "\(what): \(failed)", path: path, errno: failed.errno?.rawValue)
        default:
            LogError(.io, "\(what): \(error)", path: path)
        }
    }

    /// The stored bytes of `sha256` (not re-hashed).
    public func read(_ sha256: String) throws -> [UInt8] {
        try readFile(path(of: sha256))
    }

    /// Whether the stored blob `sha256` still hashes to its name; throws if it cannot be read.
    public func verify(_ sha256: String) throws -> Bool {
        SHA256.hex(SHA256.hash(try read(sha256))) == sha256
    }

    /// The names of every stored blob, sorted. Files under `sha256/` that are not 64 lowercase hex
    /// digits in their right folder are not blobs and are not listed.
    public func allBlobs() -> [String] {
        var names: [String] = []
        for folder in (try? Directory.entries(root + "/sha256")) ?? [] where folder.count == 2 {
            for name in (try? Directory.entries("\(root)/sha256/\(folder)")) ?? []
            where Self.isName(name) && name.hasPrefix(folder) {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// When the blob `sha256` was stored (its file's modification time: a blob is never
    /// rewritten) and its size, nil when it is not there.
    public func stored(_ sha256: String) -> (at: Date, bytes: Int)? {
        guard let facts = try? FileManager.default.attributesOfItem(atPath: path(of: sha256)),
              let at = facts[.modificationDate] as? Date, let bytes = facts[.size] as? Int else { return nil }
        return (at, bytes)
    }

    /// Removes the blob `sha256` (`tslog images prune`: one no event names). Call it while
    /// holding `lockForWriting()`, so no fetch is storing the same bytes meanwhile. Not made
    /// durable: a removal lost to a power cut leaves the blob, which the next prune removes.
    public func remove(_ sha256: String) throws {
        do { try PathOps.unlink(path(of: sha256)) } catch { throw Self.failure("cannot remove blob \(sha256)", error, path: path(of: sha256)) }
    }

    /// The total size in bytes of the stored blobs.
    public func storedBytes() -> Int {
        allBlobs().reduce(0) { sum, name in
            sum + ((try? FileManager.default.attributesOfItem(atPath: path(of: name))[.size] as? Int) ?? 0)
        }
    }

    /// Removes the temporary files a killed writer left beside the blobs; returns how many.
    /// Call it while holding `lockForWriting()`, so no live writer's file is removed.
    @discardableResult
    public func removeLeftovers() -> Int {
        var removed = 0
        for folder in (try? Directory.entries(root + "/sha256")) ?? [] where folder.count == 2 {
            removed += AtomicFile.removeLeftovers(in: "\(root)/sha256/\(folder)").count
        }
        return removed
    }

    /// Takes the store's writer lock (`DIR/images/LOCK`, flock: released when the process ends),
    /// or throws `LogError(.locked)` when another process holds it.
    public func lockForWriting() throws -> BlobStoreLock {
        try makeDurableDirectory(root)
        let lockPath = root + "/LOCK"
        let file = try OwnedFile.open(lockPath, O_RDWR | O_CREAT)
        let taken: Bool
        do {
            taken = try LogError.io(lockPath, "cannot lock") { try file.descriptor.tryLockExclusive() }
        } catch {
            try? file.close()
            throw error
        }
        guard taken else {
            try? file.close()
            throw LogError(.locked, "another tslog process is adding images to \(root) (lock \(lockPath) held)", path: lockPath)
        }
        return BlobStoreLock(file: file)
    }

    /// Whether `name` is 64 lowercase hex digits.
    public static func isName(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Creates `path` and its missing parents, each made durable by an fsync of its parent.
    private func makeDurableDirectory(_ path: String) throws {
        lock.lock()
        let known = durableDirectories.contains(path)
        lock.unlock()
        guard !known else { return }
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if path.hasPrefix(root + "/") { try makeDurableDirectory(parent) }
        try LogError.io(path, "cannot create the image store directory") {
            try PathOps.makeDirectory(path)
            try PathOps.syncDirectory(parent.isEmpty ? "." : parent)
        }
        lock.lock()
        durableDirectories.insert(path)
        lock.unlock()
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        let file = try OwnedFile.open(path, O_RDONLY | O_NOFOLLOW)
        defer { try? file.close() }
        return try LogError.io(path, "cannot read blob") {
            let size = try file.descriptor.size()
            var bytes = [UInt8](repeating: 0, count: size)
            let n = try bytes.withUnsafeMutableBytes { try file.descriptor.readFully(into: $0, at: 0) }
            return Array(bytes[0..<n])
        }
    }

}

/// The store's writer lock, held until `release()` (or the process ends).
public final class BlobStoreLock {
    private let file: OwnedFile
    init(file: OwnedFile) { self.file = file }
    /// Releases the lock.
    public func release() { try? file.close() }
    deinit { try? file.close() }
}
