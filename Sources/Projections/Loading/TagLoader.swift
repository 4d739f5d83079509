import EventLog
import SampleDomain

/// The log's tags for `tslog tags` and `--as-of-tag`, without reading every record: tags are few,
/// and the newest valid checkpoint carries them (`CheckpointStore.newestValidTags`), so only the
/// records after it are read. The answer is exactly `TagIndex.load(reader)`'s, errors included.
public enum TagLoader {
    /// The tags of `reader`'s whole log: from the newest valid checkpoint in `checkpoints` plus
    /// the records after it, or — with none, or `checkpoints` nil (`--no-checkpoint`) — from
    /// every record (`TagIndex.load`).
    /// - Throws: `TagError.badRecord` for the first tag record that cannot be read; what reading
    ///   the log throws.
    /// - Complexity: with a checkpoint, O(its bytes) hashed on a thread of its own plus O(records
    ///   after it); without, one scan of the log.
    public static func load(_ reader: LogReader, checkpoints: CheckpointStore?) throws -> TagIndex {
        let last = reader.lastSeq
        let fetcher = RecordFetcher(directory: reader.directory)
        guard let checkpoints, last > 0, let saved = checkpoints.newestValidTags(atOrBefore: last, rowSource: fetcher) else {
            return try TagIndex.load(reader, through: last)
        }
        // The records after the checkpoint, read from its anchor on as any fold from a
        // checkpoint reads them (`foldTail`); their sample events fold into an empty table.
        var set = ProjectionSet()
        set.tagIndex = saved.index
        set.tagFailure = saved.failure
        set.rowSource = fetcher
        set.skip(seq: saved.seq, at: saved.anchor)
        if saved.seq < last { try ProjectionLoader.foldTail(reader, through: last, into: &set) }
        return try set.tags()
    }
}
