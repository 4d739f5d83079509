import EventLog

/// One tag as the log holds it now.
public struct LogTag: Equatable, Sendable {
    public var name: TagName
    /// The position the tag names (the state after this seq).
    public var seq: UInt64
    public var note: String?
    /// When the record that set the tag (last) was appended.
    public var recordedAt: Timestamp
    /// The seq of that record.
    public var recordSeq: UInt64
    /// Every seq the tag named before, oldest first (empty unless it was moved).
    public var previousSeqs: [UInt64]

    package init(name: TagName, seq: UInt64, note: String?, recordedAt: Timestamp, recordSeq: UInt64, previousSeqs: [UInt64]) {
        self.name = name
        self.seq = seq
        self.note = note
        self.recordedAt = recordedAt
        self.recordSeq = recordSeq
        self.previousSeqs = previousSeqs
    }
}

/// The tags a log holds: the fold of its `tag.set` records in seq order.
///
/// A later record for a name replaces the earlier one (that is a move; `tslog tag` writes one only
/// with `--move`, and records `moved_from`). The fold is total: it never refuses a record it can
/// read, so it gives the same answer on a log and on its replay.
public struct TagIndex: Sendable {
    private var byName: [TagName: LogTag] = [:]

    public init() {}

    /// Folds one tag record, stored at `recordSeq` and recorded at `recordedAt`.
    public mutating func apply(_ record: TagRecord, recordSeq: UInt64, recordedAt: Timestamp) {
        var previous: [UInt64] = []
        if let old = byName[record.name] { previous = old.previousSeqs + [old.seq] }
        byName[record.name] = LogTag(name: record.name, seq: record.seq, note: record.note, recordedAt: recordedAt,
                                  recordSeq: recordSeq, previousSeqs: previous)
    }

    /// The tag named `name`, if any.
    public subscript(name: TagName) -> LogTag? { byName[name] }

    /// The tag named `text`; an unknown or invalid name is `TagError.unknown` listing the tags.
    public func tag(named text: String) throws(TagError) -> LogTag {
        if let name = try? TagName(stored: text), let tag = byName[name] { return tag }
        throw .unknown(name: text, known: all.map(\.name.text))
    }

    /// Every tag, by name (byte order).
    public var all: [LogTag] { byName.values.sorted { $0.name < $1.name } }

    public var isEmpty: Bool { byName.isEmpty }

    /// Reads the tag records among the first `through` records (nil: all) of `reader`'s log.
    ///
    /// - Complexity: one scan of the log, checksums verified, on every core (`scanParallel`);
    ///   only tag records are decoded.
    public static func load(_ reader: LogReader, through: UInt64? = nil) throws -> TagIndex {
        var index = TagIndex()
        let last = through ?? reader.lastSeq
        guard last > 0 else { return index }
        try reader.scanParallel(through: last, transform: { record -> FoundTag? in try found(in: record) }) { seq, found in
            if let found { index.apply(found.record, recordSeq: seq, recordedAt: found.recordedAt) }
        }
        return index
    }

    /// `load`, also handing every other record to `other` in the same scan: `other` runs on the
    /// scan's threads and returns what the caller keeps of a record (nil: nothing), and `consume`
    /// gets those values on the calling thread in seq order. For a reader that folds something
    /// beside the tags (the server's image facts) without a second pass over the log.
    public static func load<T: Sendable>(_ reader: LogReader, through: UInt64? = nil,
                                         other: @escaping @Sendable (RecordView) throws -> T?,
                                         consume: (T) throws -> Void) throws -> TagIndex {
        var index = TagIndex()
        let last = through ?? reader.lastSeq
        guard last > 0 else { return index }
        try reader.scanParallel(through: last, transform: { record -> Found<T> in
            if let tag = try found(in: record) { return .tag(tag) }
            return try other(record).map(Found.other) ?? .nothing
        }) { seq, found in
            switch found {
            case .tag(let tag): index.apply(tag.record, recordSeq: seq, recordedAt: tag.recordedAt)
            case .other(let value): try consume(value)
            case .nothing: break
            }
        }
        return index
    }

    /// What the combined scan found in one record.
    private enum Found<T: Sendable>: Sendable {
        case tag(FoundTag)
        case other(T)
        case nothing
    }

    /// Folds `record` when it is a tag record (`tag.…`); any other record changes nothing. What
    /// `load` does for each record, for a caller that keeps an index current record by record.
    /// - Throws: `TagError.badRecord` for a tag record it cannot read; the index is unchanged.
    public mutating func apply(_ record: RecordView) throws {
        if let found = try Self.found(in: record) {
            apply(found.record, recordSeq: record.seq, recordedAt: found.recordedAt)
        }
    }

    /// Puts back a tag exactly as `all` listed it (a checkpoint restoring the index).
    package mutating func restore(_ tag: LogTag) {
        byName[tag.name] = tag
    }

    /// What a tag record sets, as a fold that keeps the tags beside other state carries it from
    /// the thread that read the record to the one that folds it; nil when `record` is not a tag
    /// record. A tag record that cannot be read is `.failure`, never thrown: such folds go on.
    package static func entry(of record: RecordView) -> Entry? {
        do {
            guard let found = try found(in: record) else { return nil }
            return Entry(recordSeq: record.seq, found: .success(found))
        } catch let error as TagError {
            return Entry(recordSeq: record.seq, found: .failure(error))
        } catch {
            return Entry(recordSeq: record.seq, found: .failure(.badRecord(seq: record.seq, message: "\(error)")))
        }
    }

    /// Folds an `entry(of:)`; returns its failure, if the record could not be read (the index
    /// is then unchanged).
    package mutating func apply(_ entry: Entry) -> TagError? {
        switch entry.found {
        case .success(let found):
            apply(found.record, recordSeq: entry.recordSeq, recordedAt: found.recordedAt)
            return nil
        case .failure(let error):
            return error
        }
    }

    /// One tag record read by `entry(of:)`.
    package struct Entry: Sendable {
        var recordSeq: UInt64
        var found: Result<FoundTag, TagError>
    }

    /// The tag `record` sets, or nil when it is not a tag record.
    private static func found(in record: RecordView) throws -> FoundTag? {
        guard TagRecord.isTagType(record.type) else { return nil }
        guard record.type.elementsEqual(setTypeBytes) else {
            throw TagError.badRecord(seq: record.seq, message: "unknown tag record type '\(record.typeString)'")
        }
        let tag = try TagRecord.decode(payload: record.payload, version: record.schemaVersion, recordSeq: record.seq)
        return FoundTag(record: tag, recordedAt: record.recordedAt)
    }

    /// A tag record met by `load`'s scan.
    struct FoundTag: Sendable {
        var record: TagRecord
        var recordedAt: Timestamp
    }

    private static let setTypeBytes = Array(TagRecord.setType.utf8)
}
