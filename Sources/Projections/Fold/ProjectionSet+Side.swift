import EventLog
import SampleDomain

extension ProjectionSet {
    /// The tags (`tag.set` records) among the records folded, as `TagIndex.load` reads them
    /// from the log.
    /// - Throws: `TagError.badRecord` for the first tag record that could not be read (the fold
    ///   itself never fails on one).
    public func tags() throws -> TagIndex {
        if let tagFailure { throw tagFailure }
        return tagIndex
    }

    /// Folds a tag record read by `TagIndex.entry(of:)`.
    mutating func fold(tag entry: TagIndex.Entry) {
        if let failure = tagIndex.apply(entry), tagFailure == nil { tagFailure = failure }
    }

    /// Folds `record` into the tags when it is a tag record (any other record: nothing).
    mutating func foldTag(_ record: RecordView) {
        if let entry = TagIndex.entry(of: record) { fold(tag: entry) }
    }
}
