#if canImport(Glibc)
import Glibc
#endif

/// A derived, rebuildable index file of fixed-size little-endian entries behind an 80-byte header:
///
///     0  magic (8 bytes, e.g. "TSLTIME2")
///     8  entry count (UInt64)
///     16 CRC-32C of the entry bytes (UInt32), continued as entries are appended; 4 zero bytes
///     24 the covered `LogPrefix` (48 bytes): whose log, and the exact prefix every entry reflects
///        (log id, last seq, its segment, the end of its line, its CRC-32C)
///     72 CRC-32C of bytes 0..<72 (UInt32); 4 zero bytes
///
/// Entries are written first, then the header, so a crash leaves either the old header (extra
/// entries past `count` are ignored and cut) or the new one. A header whose checksum, count or
/// entry checksum does not match the bytes (power loss, tampering) makes the index damaged, and
/// it is rebuilt from the log, which is the truth. A header naming a prefix the log does not
/// hold (another log, a replayed copy, an earlier life of this log) makes it foreign: rebuilt too.
struct IndexHeader {
    static let size = 80
    var count: UInt64
    var crc: UInt32
    var prefix: LogPrefix

    /// The last seq every entry reflects.
    var covered: UInt64 { prefix.seq }

    func encoded(magic: StaticString) -> [UInt8] {
        var out = [UInt8](UnsafeBufferPointer(start: magic.utf8Start, count: 8))
        out.appendLE(count)
        out.appendLE(UInt64(crc))
        prefix.encode(into: &out)
        out.appendLE(UInt64(CRC32C.checksum(out)))
        return out
    }

    /// The header in `bytes` (at least `size` of them); nil when its own checksum fails.
    static func decode(_ bytes: [UInt8]) -> IndexHeader? {
        guard UInt32(truncatingIfNeeded: bytes.loadLE(72) as UInt64) == CRC32C.checksum(Array(bytes[0..<72])) else { return nil }
        return IndexHeader(count: bytes.loadLE(8), crc: UInt32(truncatingIfNeeded: bytes.loadLE(16) as UInt64),
                           prefix: LogPrefix.decode(bytes, at: 24))
    }
}

/// An index file as loaded: header and the raw entry bytes it vouches for.
struct LoadedIndex {
    var header: IndexHeader
    var entries: [UInt8]
    /// Bytes on disk past the last counted entry (left by a crash between entry and header writes).
    var excessBytes: Int
}

enum IndexLoad {
    case missing
    case damaged(String)
    case loaded(LoadedIndex)
}

enum IndexFile {
    /// Reads and checks an index file's structure (magic, size, count, checksum).
    static func load(path: String, magic: StaticString, entrySize: Int) -> IndexLoad {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY)
        } catch {
            return error.errno == .noSuchFileOrDirectory ? .missing : .damaged("cannot open: \(error.errno)")
        }
        defer { try? fd.close() }
        do {
            let size = try fd.size()
            guard size >= IndexHeader.size else { return .damaged("file of \(size) bytes is shorter than its header") }
            var head = [UInt8](repeating: 0, count: IndexHeader.size)
            guard try head.withUnsafeMutableBytes({ try fd.readFully(into: $0, at: 0) }) == IndexHeader.size else {
                return .damaged("short header read")
            }
            guard head[0..<8].elementsEqual(UnsafeBufferPointer(start: magic.utf8Start, count: 8)) else { return .damaged("bad magic") }
            guard let header = IndexHeader.decode(head) else { return .damaged("header checksum mismatch") }
            let (need, overflow) = header.count.multipliedReportingOverflow(by: UInt64(entrySize))
            guard !overflow, Int(exactly: need).map({ $0 <= size - IndexHeader.size }) == true else {
                return .damaged("header counts \(header.count) entries but the file has \(size) bytes")
            }
            var entries = [UInt8](repeating: 0, count: Int(need))
            guard try entries.withUnsafeMutableBytes({ try fd.readFully(into: $0, at: IndexHeader.size) }) == entries.count else {
                return .damaged("short entry read")
            }
            guard CRC32C.checksum(entries) == header.crc else { return .damaged("entry checksum mismatch") }
            return .loaded(LoadedIndex(header: header, entries: entries, excessBytes: size - IndexHeader.size - entries.count))
        } catch let error as SystemCallError {
            return .damaged("\(error.syscall) failed: \(error.errno)")
        } catch {
            return .damaged("\(error)")
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    func loadLE(_ offset: Int) -> UInt64 {
        withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
