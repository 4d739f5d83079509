#if canImport(Glibc)
import Glibc
#endif

/// A derived file of fixed-size entries sorted by their first 16 bytes (two little-endian u64
/// words, compared in order), read by point lookups without loading it: the event-id index and
/// the domain's registry of samples.
///
///     0    the entries, in blocks of `entries per block` (4 KiB; the last may be shorter)
///     ...  the block directory: per block, its first entry's two key words and its CRC-32C
///          (u64, u64, u32, u32 zero: 24 bytes)
///     ...  the trailer (the last 128 bytes):
///          0   magic (8 bytes)            8  entry size (u32)   12 entries per block (u32)
///          16  entry count (u64)          24 extra (u64, the owner's: e.g. a live count)
///          32  the covered `LogPrefix` (48 bytes)
///          80  CRC-32C of the block directory (u32)   84..124 zero
///          124 CRC-32C of trailer bytes 0..124 (u32)
///
/// Opening reads the trailer and the directory (24 bytes a block of 4 KiB: about 0.6 % of the
/// file) and checks both; a lookup reads one or two blocks and checks their checksums. A failed
/// check anywhere is `SortedTable.Damaged`, and the owner rebuilds the file from the log.
package final class SortedTable: @unchecked Sendable {
    package struct Damaged: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "derived file \(path) is damaged: \(reason)" }
    }

    /// What the owner fixes for a kind of table.
    package struct Kind: Sendable {
        package var magic: StaticString
        package var entrySize: Int
        package init(magic: StaticString, entrySize: Int) {
            self.magic = magic
            self.entrySize = entrySize
        }
        var entriesPerBlock: Int { max(1, 4096 / entrySize) }
    }

    static let headerSize = 128  // the trailer
    static let directoryEntrySize = 24

    package let path: String
    package let kind: Kind
    package let count: Int
    package let extra: UInt64
    package let prefix: LogPrefix
    private let fd: FileDescriptor
    /// Per block: first key words and checksum.
    private let firstKeys: [(UInt64, UInt64)]
    private let crcs: [UInt32]
    private var closed = false

    private init(path: String, kind: Kind, count: Int, extra: UInt64, prefix: LogPrefix, fd: FileDescriptor,
                 firstKeys: [(UInt64, UInt64)], crcs: [UInt32]) {
        self.path = path
        self.kind = kind
        self.count = count
        self.extra = extra
        self.prefix = prefix
        self.fd = fd
        self.firstKeys = firstKeys
        self.crcs = crcs
    }

    package enum Load {
        case missing
        case damaged(String)
        case loaded(SortedTable)
    }

    /// Opens and checks the header and block directory.
    package static func open(_ path: String, kind: Kind) -> Load {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW)
        } catch {
            return error.errno == .noSuchFileOrDirectory ? .missing : .damaged("cannot open: \(error.errno)")
        }
        do {
            let size = try fd.size()
            guard size >= headerSize else { try? fd.close(); return .damaged("shorter than its trailer") }
            var head = [UInt8](repeating: 0, count: headerSize)
            _ = try head.withUnsafeMutableBytes { try fd.readFully(into: $0, at: size - headerSize) }
            guard head[0..<8].elementsEqual(UnsafeBufferPointer(start: kind.magic.utf8Start, count: 8)) else {
                try? fd.close(); return .damaged("bad magic")
            }
            let headCRC = UInt32(truncatingIfNeeded: head.loadLE(120) as UInt64 >> 32)
            guard CRC32C.checksum(Array(head[0..<124])) == headCRC else { try? fd.close(); return .damaged("header checksum mismatch") }
            let words: UInt64 = head.loadLE(8)
            let entrySize = Int(truncatingIfNeeded: words & 0xFFFF_FFFF)
            let perBlock = Int(truncatingIfNeeded: words >> 32)
            let count64: UInt64 = head.loadLE(16)
            guard entrySize == kind.entrySize, perBlock == kind.entriesPerBlock, count64 < 1 << 40 else {
                try? fd.close(); return .damaged("entry size or count does not fit")
            }
            let count = Int(count64)
            let blocks = (count + perBlock - 1) / perBlock
            let directoryAt = count * entrySize
            guard size == directoryAt + blocks * directoryEntrySize + headerSize else {
                try? fd.close(); return .damaged("\(size) bytes where \(count) entries need \(directoryAt + blocks * directoryEntrySize + headerSize)")
            }
            var directory = [UInt8](repeating: 0, count: blocks * directoryEntrySize)
            _ = try directory.withUnsafeMutableBytes { try fd.readFully(into: $0, at: directoryAt) }
            let directoryCRC = UInt32(truncatingIfNeeded: head.loadLE(80) as UInt64)
            guard CRC32C.checksum(directory) == directoryCRC else { try? fd.close(); return .damaged("block directory checksum mismatch") }
            var firstKeys: [(UInt64, UInt64)] = []
            var crcs: [UInt32] = []
            firstKeys.reserveCapacity(blocks)
            crcs.reserveCapacity(blocks)
            for b in 0..<blocks {
                let at = b * directoryEntrySize
                firstKeys.append((directory.loadLE(at), directory.loadLE(at + 8)))
                crcs.append(UInt32(truncatingIfNeeded: directory.loadLE(at + 16) as UInt64))
            }
            return .loaded(SortedTable(path: path, kind: kind, count: count, extra: head.loadLE(24),
                                       prefix: LogPrefix.decode(head, at: 32), fd: fd, firstKeys: firstKeys, crcs: crcs))
        } catch {
            try? fd.close()
            let failure = SystemCallError(error)
            return .damaged("\(failure.syscall) failed: \(failure.errno)")
        }
    }

    /// What `coveredPrefix` reads of a table: the log prefix it covers and its entry count.
    package struct Coverage: Sendable {
        package var prefix: LogPrefix
        package var count: Int
    }

    /// The prefix the table at `path` covers, checked as `open` checks it (the trailer, the file
    /// size, the block directory's checksum) but without keeping the directory in memory: the
    /// directory is checksummed through a 64 KiB buffer. nil when the file is missing or any
    /// check fails. For a writer that only needs to know whether the file is current.
    /// - Complexity: O(blocks) bytes read (24 a block of 4 KiB), O(1) memory.
    package static func coveredPrefix(_ path: String, kind: Kind) -> Coverage? {
        guard let fd = try? FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW) else { return nil }
        defer { try? fd.close() }
        do {
            let size = try fd.size()
            guard size >= headerSize else { return nil }
            var head = [UInt8](repeating: 0, count: headerSize)
            _ = try head.withUnsafeMutableBytes { try fd.readFully(into: $0, at: size - headerSize) }
            guard let trailer = Trailer(head, kind: kind, size: size) else { return nil }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var crc: UInt32 = 0
            var at = trailer.directoryAt
            while at < trailer.directoryEnd {
                let want = min(buffer.count, trailer.directoryEnd - at)
                let n = try buffer.withUnsafeMutableBytes { raw in
                    try fd.readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<want]), at: at)
                }
                guard n == want else { return nil }
                crc = buffer.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<want]), seed: crc) }
                at += want
            }
            guard crc == trailer.directoryCRC else { return nil }
            return Coverage(prefix: trailer.prefix, count: trailer.count)
        } catch {
            return nil
        }
    }

    /// The trailer's fields, once its magic, checksum, entry size and the file size are checked.
    private struct Trailer {
        var count: Int
        var directoryAt: Int
        var directoryEnd: Int
        var directoryCRC: UInt32
        var extra: UInt64
        var prefix: LogPrefix

        init?(_ head: [UInt8], kind: Kind, size: Int) {
            guard head[0..<8].elementsEqual(UnsafeBufferPointer(start: kind.magic.utf8Start, count: 8)) else { return nil }
            let headCRC = UInt32(truncatingIfNeeded: head.loadLE(120) as UInt64 >> 32)
            guard CRC32C.checksum(Array(head[0..<124])) == headCRC else { return nil }
            let words: UInt64 = head.loadLE(8)
            let count64: UInt64 = head.loadLE(16)
            guard Int(truncatingIfNeeded: words & 0xFFFF_FFFF) == kind.entrySize,
                  Int(truncatingIfNeeded: words >> 32) == kind.entriesPerBlock, count64 < 1 << 40 else { return nil }
            count = Int(count64)
            let blocks = (count + kind.entriesPerBlock - 1) / kind.entriesPerBlock
            directoryAt = count * kind.entrySize
            directoryEnd = directoryAt + blocks * SortedTable.directoryEntrySize
            guard size == directoryEnd + SortedTable.headerSize else { return nil }
            directoryCRC = UInt32(truncatingIfNeeded: head.loadLE(80) as UInt64)
            extra = head.loadLE(24)
            prefix = LogPrefix.decode(head, at: 32)
        }
    }

    /// Reads and checks block `b`'s entries into `buffer`.
    private func readBlock(_ b: Int, into buffer: inout [UInt8]) throws -> Int {
        let perBlock = kind.entriesPerBlock
        let entries = min(perBlock, count - b * perBlock)
        let bytes = entries * kind.entrySize
        if buffer.count < bytes { buffer = [UInt8](repeating: 0, count: bytes) }
        let offset = b * perBlock * kind.entrySize
        let n: Int
        do {
            n = try buffer.withUnsafeMutableBytes { raw in
                try fd.readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<bytes]), at: offset)
            }
        } catch {
            let failure = SystemCallError(error)
            throw Damaged(path: path, reason: "\(failure.syscall) failed: \(failure.errno)")
        }
        guard n == bytes else { throw Damaged(path: path, reason: "short read of block \(b)") }
        let crc = buffer.withUnsafeBufferPointer { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer($0)[0..<bytes])) }
        guard crc == crcs[b] else { throw Damaged(path: path, reason: "block \(b) checksum mismatch") }
        return entries
    }

    /// Calls `body` with each entry whose first key word is `word`, in order, until it returns
    /// false. - Complexity: O(log blocks) in memory, then one block read per 4 KiB of matches.
    package func entries(withFirstWord word: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        guard !firstKeys.isEmpty else { return }
        // The last block whose first word is below `word` may hold the first match; else block 0.
        var lo = 0, hi = firstKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if firstKeys[mid].0 < word { lo = mid + 1 } else { hi = mid }
        }
        var b = max(0, lo - 1)
        var buffer: [UInt8] = []
        let size = kind.entrySize
        while b < firstKeys.count {
            if b > lo, firstKeys[b].0 > word { return }
            let n = try readBlock(b, into: &buffer)
            var keepGoing = true
            var passed = false
            try buffer.withUnsafeBytes { raw in
                for i in 0..<n {
                    let entry = UnsafeRawBufferPointer(rebasing: raw[(i * size)..<((i + 1) * size)])
                    let first = UInt64(littleEndian: entry.loadUnaligned(as: UInt64.self))
                    if first < word { continue }
                    if first > word { passed = true; return }
                    if try !body(entry) { keepGoing = false; return }
                }
            }
            if passed || !keepGoing { return }
            b += 1
        }
    }

    /// Calls `body` with every entry in order (for merging into a new table).
    package func forEach(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer: [UInt8] = []
        let size = kind.entrySize
        for b in 0..<firstKeys.count {
            let n = try readBlock(b, into: &buffer)
            try buffer.withUnsafeBytes { raw in
                for i in 0..<n { try body(UnsafeRawBufferPointer(rebasing: raw[(i * size)..<((i + 1) * size)])) }
            }
        }
    }

    package func close() {
        guard !closed else { return }
        closed = true
        try? fd.close()
    }

    deinit { if !closed { try? fd.close() } }
}

/// Writes a `SortedTable` file through `AtomicFile` (a temp file with an unpredictable name,
/// fsynced, renamed into place): the entries block by block, then the directory and the trailer.
package enum SortedTableWriter {
    /// Writes the table at `path`: `entries` calls `add` with each entry in key order (a key
    /// below the previous one is a programming error); the trailer names `prefix` and `extra`.
    package static func write(path: String, kind: SortedTable.Kind, prefix: LogPrefix, extra: UInt64,
                              _ entries: (_ add: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        do {
            try AtomicFile.write(to: path) { nonEscapingWrite in try withoutActuallyEscaping(nonEscapingWrite) { write in
                var block: [UInt8] = []
                block.reserveCapacity(kind.entriesPerBlock * kind.entrySize)
                var blockEntries = 0
                var count = 0
                var directory: [UInt8] = []
                var lastKey: (UInt64, UInt64)?
                func flush() throws {
                    guard blockEntries > 0 else { return }
                    directory.appendLE(UInt64(CRC32C.checksum(block)))
                    try write(block)
                    block.removeAll(keepingCapacity: true)
                    blockEntries = 0
                }
                try entries { entry in
                    precondition(entry.count == kind.entrySize, "entry of \(entry.count) bytes in a table of \(kind.entrySize)")
                    let key = (UInt64(littleEndian: entry.loadUnaligned(as: UInt64.self)),
                               UInt64(littleEndian: entry.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                    if let lastKey { precondition(lastKey <= key, "sorted table entries out of order") }
                    lastKey = key
                    if blockEntries == 0 {
                        directory.appendLE(key.0)
                        directory.appendLE(key.1)
                    }
                    block.append(contentsOf: entry)
                    blockEntries += 1
                    count += 1
                    if blockEntries == kind.entriesPerBlock { try flush() }
                }
                try flush()
                try write(directory)
                var trailer = [UInt8](UnsafeBufferPointer(start: kind.magic.utf8Start, count: 8))
                trailer.appendLE(UInt64(kind.entrySize) | UInt64(kind.entriesPerBlock) << 32)
                trailer.appendLE(UInt64(count))
                trailer.appendLE(extra)
                prefix.encode(into: &trailer)
                trailer.appendLE(UInt64(CRC32C.checksum(directory)))
                trailer.append(contentsOf: [UInt8](repeating: 0, count: 124 - trailer.count))
                let crc = CRC32C.checksum(trailer)
                withUnsafeBytes(of: crc.littleEndian) { trailer.append(contentsOf: $0) }
                try write(trailer)
            } }
        } catch let failure as AtomicFile.Failure {
            throw LogError(.io, "cannot write the derived file: \(failure.description)", path: path,
                           errno: failure.errno?.rawValue)
        }
    }
}
