import EventLog
import SampleDomain

/// The live state as of one seq: what a read at the end of the log answers from.
///
/// A value: later catch-ups do not change a snapshot already taken (the projections are
/// copy-on-write, so taking one costs a few reference counts, and only a fold that runs while a
/// snapshot is held pays for a copy).
public struct LiveSnapshot: Sendable {
    /// The sample projections through `seq`.
    public let projections: ProjectionSet
    /// The tags set by the records through `seq`.
    public let tags: TagIndex
    /// The report's timeline through `seq`, when it was asked for (`LiveState.reportSnapshot()`).
    public let timeline: ReportTimeline?
    /// The image facts through `seq` (always there; optional for callers that build a snapshot
    /// without them).
    public let images: ImageLedger?

    /// The seq of the last record folded (0 for an empty log).
    public var seq: UInt64 { projections.lastSeq }
}
