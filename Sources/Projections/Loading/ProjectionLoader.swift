import EventLog
import SampleDomain

/// Builds projections by folding the log.
public enum ProjectionLoader {
    /// Folds every event from the start of the log through `seq` into a fresh `ProjectionSet`.
    public static func load(_ reader: LogReader, through seq: UInt64) throws -> ProjectionSet {
        var projections = ProjectionSet()
        guard seq > 0 else { return projections }
        try SampleEventReader.forEach(in: reader, through: seq) { seq, _, event, _ in
            projections.apply(event, seq: seq)
        }
        return projections
    }
}
