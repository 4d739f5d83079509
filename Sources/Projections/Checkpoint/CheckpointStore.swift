import EventLog
import Foundation

/// Saved projection state in `LOG/checkpoints/<20-digit seq>.ckpt`, so that a read folds only the
/// records after the newest checkpoint at or before the seq it wants.
///
/// A checkpoint file is a header and a body, integers little-endian:
///
///     "TSLOGCK1"  format u32  foldVersion u32  seq u64
///     log id: 16 bytes (`DIR/log.id`'s two words; zeros for a log that has none yet)
///     anchor: segment first seq u64, byte offset u64, CRC-32C of the record's line u32
///     bodyLength u64  bodyHash u64  headerCRC u32  body (ProjectionSet.checkpointBody)
///
/// `headerCRC` is the CRC-32C of the header bytes before it; `bodyHash` is `BodyHash` of the
/// body (format 2 and 3; format 1 had a CRC-32C of the body, which took longer than all the
/// rest of loading). Format 3 added the log id.
///
/// A checkpoint is used only if every check passes: magic, format, `ProjectionSet.foldVersion`,
/// header and body checksums, length, the log id — it must be this log's (so a checkpoint copied
/// from another log or from a replayed copy, which gets its own id, is never used) — and the
/// *anchor* — the record at `seq` must still be in the log, at that place, with those exact bytes
/// (so a log rebuilt or replaced under the checkpoint is noticed). Anything else is ignored, never trusted; the fold then starts from an older
/// checkpoint or from nothing. Files are written atomically (temp, fsync, rename, directory
/// fsync) and the newest `keep` are kept.
public struct CheckpointStore: Sendable {
    /// The log directory; checkpoints live in its `checkpoints/` folder.
    public let logDirectory: String
    /// How many checkpoint files `write` keeps (the newest by seq).
    public var keep: Int = 4

    static let magic = Array("TSLOGCK1".utf8)
    static let format: UInt32 = 3
    static let headerSize = 8 + 4 + 4 + 8 + 16 + 8 + 8 + 4 + 8 + 8 + 4

    /// The id a checkpoint of this log carries: `DIR/log.id`'s, or zeros while the log has none
    /// (a log no writer of this version opened yet; its first writer open makes one, and the
    /// zero-id checkpoints stop being used).
    var logID: LogID { LogID.load(logDirectory) ?? LogID(high: 0, low: 0) }

    public init(logDirectory: String) {
        self.logDirectory = logDirectory
    }

    public var directory: String { logDirectory + "/checkpoints" }

    /// The seqs of the checkpoint files present, newest first (whether valid or not).
    public func seqs() -> [UInt64] {
        // Only a real directory: checkpoints are never read through a symbolic link.
        guard (try? PathOps.status(directory))??.kind == .directory else { return [] }
        let names = (try? Directory.entries(directory)) ?? []
        return names.compactMap(Self.seq(ofName:)).sorted(by: >)
    }

    static func name(_ seq: UInt64) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".ckpt"
    }

    static func seq(ofName name: String) -> UInt64? {
        guard name.utf8.count == 25, name.hasSuffix(".ckpt") else { return nil }
        return UInt64(name.prefix(20))
    }

    /// The state of the newest valid checkpoint at or before `seq`, or nil when there is none.
    /// Invalid checkpoints on the way are skipped (see the type's documentation).
    public func newestValid(atOrBefore seq: UInt64, rowSource: RecordFetcher) -> ProjectionSet? {
        for candidate in seqs() where candidate <= seq && candidate > 0 {
            if let set = try? load(candidate, rowSource: rowSource) { return set }
        }
        return nil
    }

    /// Why a checkpoint file is not used.
    struct Rejected: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads and checks the checkpoint at `seq`.
    func load(_ seq: UInt64, rowSource: RecordFetcher) throws -> ProjectionSet {
        let path = directory + "/" + Self.name(seq)
        return try checked(seq, rowSource: rowSource) { bytes, anchor in
            var set = try ProjectionSet.restore(body: bytes, offset: Self.headerSize, seq: seq, rowSource: rowSource) {
                RowStore.mapping(path, fileOffset: $0, count: $1, headroom: $2)
            }
            set.skip(seq: seq, at: anchor)
            return set
        }
    }

    /// Opens the checkpoint at `seq`, checks its header, and runs `read` on the whole file's
    /// bytes (the body starts at `headerSize`) while the body is hashed on another thread
    /// (`read` checks every count and range itself, so unverified bytes cannot make it
    /// misbehave); returns what `read` made only when the body hash, the length and the anchor
    /// record all check out (see the type's documentation).
    private func checked<T>(_ seq: UInt64, rowSource: RecordFetcher,
                            read: (UnsafeRawBufferPointer, RecordLocation) throws -> T) throws -> T {
        let path = directory + "/" + Self.name(seq)
        guard let file = try? MappedRegion.readOnly(path) else { throw Rejected(description: "cannot be read") }
        let bytes = file.bytes
        var r = ByteReader(bytes)
        defer { withExtendedLifetime(file) {} }
        guard bytes.count >= Self.headerSize, Array(bytes[0..<8]) == Self.magic else { throw Rejected(description: "not a checkpoint") }
        _ = try (0..<8).map { _ in try r.u8() }
        guard try r.u32() == Self.format else { throw Rejected(description: "unknown format") }
        guard try r.u32() == ProjectionSet.foldVersion else { throw Rejected(description: "written by another fold version") }
        guard try r.u64() == seq else { throw Rejected(description: "seq differs from its name") }
        guard LogID(high: try r.u64(), low: try r.u64()) == logID else { throw Rejected(description: "taken from another log") }
        let anchor = RecordLocation(segmentFirstSeq: try r.u64(), byteOffset: Int(try r.u64()))
        let anchorCRC = try r.u32()
        let bodyLength = try r.u64(), bodyHash = try r.u64()
        let headerCRC = try r.u32()
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(Self.headerSize - 4)])) == headerCRC else { throw Rejected(description: "header checksum") }
        guard UInt64(bytes.count - Self.headerSize) == bodyLength else { throw Rejected(description: "length") }
        // The wait also keeps the mapping alive until the hashing thread is done with it.
        let hashing = BackgroundHash(UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...]))
        let anchored: Result<Bool, any Error>
        let made: Result<T, any Error>
        do {
            defer { hashing.wait() }
            anchored = Result {
                try rowSource.withRecord(at: anchor) { view in
                    view.seq == seq && CRC32C.checksum(UnsafeRawBufferPointer(view.line)) == anchorCRC
                }
            }
            made = Result { try read(bytes, anchor) }
        }
        guard hashing.wait() == bodyHash else { throw Rejected(description: "body checksum") }
        guard try anchored.get() else { throw Rejected(description: "the log no longer holds the record it was taken at") }
        return try made.get()
    }

    /// The tags of the newest valid checkpoint at or before `seq` — the `tag.set` records through
    /// its seq, as `ProjectionSet.tags()` holds them — without restoring its rows: the sections
    /// before the tags are stepped over by their lengths. The checkpoint is checked exactly as
    /// `newestValid` checks it (body hash included); nil when there is none.
    /// - Complexity: O(checkpoint bytes) to hash the body, on a thread of its own; O(distinct
    ///   labels, functions and updated samples) to step to the tags. No log record is read but
    ///   the anchor.
    public func newestValidTags(atOrBefore seq: UInt64, rowSource: RecordFetcher) -> CheckpointTags? {
        for candidate in seqs() where candidate <= seq && candidate > 0 {
            if let tags = try? checked(candidate, rowSource: rowSource, read: { bytes, anchor in
                try ProjectionSet.restoreTags(body: bytes, offset: Self.headerSize, seq: candidate, anchor: anchor)
            }) {
                return tags
            }
        }
        return nil
    }

    /// Saves `set` (folded from this log through `set.lastSeq`, whose record is at `anchor`) as
    /// a checkpoint, atomically, then removes all but the newest `keep` checkpoints.
    /// Returns false (writing nothing) when the set cannot be checkpointed.
    @discardableResult
    public func write(_ set: ProjectionSet, anchor: RecordLocation, rowSource: RecordFetcher) throws -> Bool {
        guard set.lastSeq > 0, let body = set.checkpointBody() else { return false }
        let anchorCRC = try rowSource.withRecord(at: anchor) { view -> UInt32? in
            view.seq == set.lastSeq ? CRC32C.checksum(UnsafeRawBufferPointer(view.line)) : nil
        }
        guard let anchorCRC else { return false }
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(Self.format)
        w.u32(ProjectionSet.foldVersion)
        w.u64(set.lastSeq)
        let id = logID
        w.u64(id.high)
        w.u64(id.low)
        w.u64(anchor.segmentFirstSeq)
        w.u64(UInt64(anchor.byteOffset))
        w.u32(anchorCRC)
        w.u64(UInt64(body.count))
        w.u64(body.withUnsafeBytes { BodyHash.hash($0) })
        w.u32(CRC32C.checksum(w.bytes))
        try prepareDirectory()
        // Header and body written one after the other: the body (~70 MB for a million rows) is
        // not copied into a second buffer.
        let header = w.bytes
        try AtomicFile.write(to: directory + "/" + Self.name(set.lastSeq)) { write in
            try write(header)
            try write(body)
        }
        for old in seqs().dropFirst(max(keep, 1)) {
            try? PathOps.unlink(directory + "/" + Self.name(old))
        }
        return true
    }
}

/// `BodyHash.hash` of a body, computed on a thread of its own. The caller keeps the bytes alive
/// until `wait()` has returned.
private final class BackgroundHash: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: UInt64?

    init(_ body: UnsafeRawBufferPointer) {
        nonisolated(unsafe) let body = body
        let thread = Thread { [self] in
            let hash = BodyHash.hash(body)
            condition.lock()
            value = hash
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The hash, once computed.
    @discardableResult
    func wait() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value ?? 0
    }
}
