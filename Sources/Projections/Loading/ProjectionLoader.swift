import EventLog
import SampleDomain

/// Builds projections by folding the log.
public enum ProjectionLoader {
    /// Worker threads the CLI decodes with. Two: the machines tslog targets have two cores, and
    /// measured on them a third thread only adds contention with the folding thread.
    public static let decodeThreads = 2

    /// Folds every event from the start of the log through `seq` into a fresh `ProjectionSet`,
    /// checksums verified, decoding on `decodeThreads` threads (`ProjectionSet.rebuild`).
    /// Tag records (`tag.…`) are skipped.
    /// - Complexity: O(bytes through `seq`).
    public static func load(_ reader: LogReader, through seq: UInt64) throws -> ProjectionSet {
        try ProjectionSet.rebuild(from: reader, through: seq, threads: decodeThreads)
    }

    /// The same fold, one record at a time on the calling thread: the reference the parallel
    /// path is tested against.
    public static func loadSequentially(_ reader: LogReader, through seq: UInt64) throws -> ProjectionSet {
        var projections = ProjectionSet()
        projections.rowSource = RecordFetcher(directory: reader.directory)
        guard seq > 0 else { return projections }
        try reader.scan(through: seq) { record in
            if let event = try PayloadCodec.decodeSampleEvent(record: record) {
                projections.apply(event, seq: record.seq, at: record.location)
            } else {
                projections.skip(seq: record.seq)
            }
        }
        return projections
    }
}
