import EventLog

/// Sets and moves tags: the write path for `tag.set` records.
///
/// It holds the log's writer lock from `set` to its return, so the tags it checks against and the
/// end of the log it tags are the ones the record is appended after.
public enum TagStore {
    /// Records `name` at `seq` (nil: the current end of the log) in the log at `directory`.
    ///
    /// - Parameters:
    ///   - move: allow naming a tag that exists; the record then carries `moved_from`. Without it
    ///     an existing name is refused, even at the same seq: a tag is never silently moved.
    /// - Returns: the record written and the seq it was stored at.
    /// - Throws: `TagError.exists`, `TagError.beyondEnd`, or a storage error.
    public static func set(directory: String, name: TagName, at seq: UInt64?, note: String?, move: Bool,
                           options: LogOptions = LogOptions()) throws -> (record: TagRecord, storedAt: UInt64) {
        let writer = try LogWriter.open(directory: directory, options: options)
        defer { try? writer.close() }
        let last = writer.lastSeq
        let index = try TagIndex.load(try LogReader(directory: directory), through: last)
        let record = try plan(name: name, at: seq, note: note, move: move, last: last, tags: index)
        guard let result = try writer.append([record.newRecord]) else {
            preconditionFailure("appending one record returns its seq")
        }
        try writer.close()
        return (record, result.firstSeq)
    }

    /// The record that sets `name` at `seq` (nil: `last`) in a log that ends at `last` and holds
    /// `tags`: the checks `set` makes, for a writer that appends the record itself (the server,
    /// which holds the log's writer). The caller must keep other tag writes out between reading
    /// `tags` and appending.
    /// - Throws: `TagError.beyondEnd` for a seq past `last`; `TagError.exists` for an existing
    ///   name without `move`.
    public static func plan(name: TagName, at seq: UInt64?, note: String?, move: Bool, last: UInt64,
                            tags: TagIndex) throws(TagError) -> TagRecord {
        let target = seq ?? last
        guard target <= last else { throw TagError.beyondEnd(seq: target, last: last) }
        var record = TagRecord(name: name, seq: target, note: note)
        if let existing = tags[name] {
            guard move else { throw TagError.exists(name: name.text, seq: existing.seq) }
            record.movedFrom = existing.seq
        }
        return record
    }
}
