import EventLog
import SampleDomain

/// The tags a checkpoint carries (fold version 5): the fold of the `tag.set` records through
/// its `seq`, and the first tag record that could not be read, if any.
public struct CheckpointTags: Sendable {
    /// The seq the checkpoint was taken at.
    public var seq: UInt64
    public var index: TagIndex
    /// The first tag record through `seq` that could not be read (`TagIndex.load` would have
    /// thrown it).
    public var failure: TagError?
    /// Where the record at `seq` is stored (the checkpoint's anchor), so the records after it
    /// are read from there.
    var anchor: RecordLocation?
}
