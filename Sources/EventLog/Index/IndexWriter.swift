#if canImport(Glibc)
import Glibc
#endif

/// The writer's open handle on one index file: appends entries, then rewrites the header.
///
/// Index files are derived data: they are not fsynced, and they are written only after the log
/// records they describe are durable, so they can lag the log but never lead it.
final class IndexWriter {
    let file: OwnedFile
    let magic: StaticString
    let entrySize: Int
    private(set) var header: IndexHeader

    private init(file: OwnedFile, magic: StaticString, entrySize: Int, header: IndexHeader) {
        self.file = file
        self.magic = magic
        self.entrySize = entrySize
        self.header = header
    }

    /// Opens a loaded, checked index for appending, cutting any uncounted bytes past its entries.
    static func open(path: String, magic: StaticString, entrySize: Int, loaded: LoadedIndex) throws -> IndexWriter {
        let file = try OwnedFile.open(path, O_RDWR | O_NOFOLLOW)
        let writer = IndexWriter(file: file, magic: magic, entrySize: entrySize, header: loaded.header)
        if loaded.excessBytes > 0 {
            do {
                try LogError.io(path, "cannot trim index") { 
                    try file.descriptor.truncate(to: IndexHeader.size + loaded.entries.count)
                }
            } catch {
                try? file.close()
                throw error
            }
        }
        return writer
    }

    /// Replaces the index at `path` with an empty one covering nothing (`AtomicFile`: a new
    /// temporary file at an unpredictable name, renamed over it), then opens it — never through
    /// a symbolic link.
    static func create(path: String, magic: StaticString, entrySize: Int, logID: LogID) throws -> IndexWriter {
        let header = IndexHeader(count: 0, crc: 0, prefix: .empty(logID))
        do {
            try AtomicFile.write(header.encoded(magic: magic), to: path)
        } catch let failure as AtomicFile.Failure {
            throw LogError(.io, "cannot write index \(path): \(failure)", path: path, errno: failure.errno?.rawValue)
        }
        let file = try OwnedFile.open(path, O_RDWR | O_NOFOLLOW)
        return IndexWriter(file: file, magic: magic, entrySize: entrySize, header: header)
    }

    /// Appends encoded entries (a multiple of `entrySize` bytes) and records that the index now
    /// covers the log's prefix `covered`.
    func append(_ entries: [UInt8], covered: LogPrefix) throws {
        var next = header
        next.count += UInt64(entries.count / entrySize)
        next.crc = CRC32C.checksum(entries, seed: header.crc)
        next.prefix = covered
        let at = IndexHeader.size + Int(header.count) * entrySize
        let head = next.encoded(magic: magic)
        try LogError.io(file.path, "cannot update index") { 
            if !entries.isEmpty {
                try entries.withUnsafeBytes { b in try file.descriptor.writeAll(b, at: at) }
            }
            try head.withUnsafeBytes { b in try file.descriptor.writeAll(b, at: 0) }
        }
        header = next
    }

    func close() { try? file.close() }
}
