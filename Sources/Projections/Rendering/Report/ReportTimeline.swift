import EventLog
import SampleDomain

/// How the table changed over time: live samples and Nyckel outcomes at the end of each day,
/// computed by folding the log (the SQL table only knows its current state).
///
/// The clock is the largest `occurred_at` seen so far in seq order, so it never runs backwards
/// even when the app reports events a little out of order; a point is the state after the last
/// event whose clock falls on that UTC day. Days without events have no point.
public struct ReportTimeline: Sendable, Equatable {
    /// The table at the end of one day.
    public struct Point: Sendable, Equatable {
        /// Days since 1970-01-01.
        public var day: Int64
        /// Live rows.
        public var samples: Int
        public var accepted: Int
        public var rejected: Int
        public var errors: Int

        /// `accepted / samples * 100`, the `overall` query's success rate; nil with no samples.
        public var successRate: Double? { samples > 0 ? Double(accepted) * 100 / Double(samples) : nil }
    }

    /// One point per day with events, oldest first.
    public private(set) var points: [Point] = []
    private var clock = Int64.min

    public init() {}

    /// A timeline of the given points (oldest first), as the renderer's tests draw them.
    init(points: [Point]) { self.points = points }

    /// Records the state `projections` reached after an event that occurred at `occurredAt`.
    /// - Complexity: O(1).
    public mutating func observe(occurredAt: Timestamp, after projections: ProjectionSet) {
        observe(occurredAt: occurredAt, samples: projections.liveCount, accepted: projections.count(status: .accepted),
                rejected: projections.count(status: .rejected), errors: projections.count(status: .error))
    }

    /// Records the counts the table reached after an event that occurred at `occurredAt` (what
    /// the fold calls after every sample event).
    /// - Complexity: O(1); no division while the clock stays on the last point's day.
    mutating func observe(occurredAt: Timestamp, samples: Int, accepted: Int, rejected: Int, errors: Int) {
        if occurredAt.microseconds > clock { clock = occurredAt.microseconds }
        let perDay: Int64 = 86_400_000_000
        if let last = points.last, clock >= last.day &* perDay, clock &- last.day &* perDay < perDay {
            points[points.count - 1] = Point(day: last.day, samples: samples, accepted: accepted, rejected: rejected, errors: errors)
            return
        }
        let point = Point(day: Timestamp(microseconds: clock).utcDay, samples: samples, accepted: accepted,
                          rejected: rejected, errors: errors)
        if let last = points.last, last.day == point.day {
            points[points.count - 1] = point
        } else {
            points.append(point)
        }
    }

    /// The largest `occurred_at` seen so far, in microseconds (`Int64.min` before any event):
    /// what a checkpoint stores beside the points.
    var clockMicroseconds: Int64 { clock }

    /// A timeline restored from a checkpoint.
    init(points: [Point], clock: Int64) {
        self.points = points
        self.clock = clock
    }

    /// Folds the log from its first record through `seq`: the projections at `seq` and the
    /// timeline that led there, in one pass (`ProjectionSet.rebuild`, decoding on
    /// `ProjectionLoader.decodeThreads` threads; rows keep their wide columns in the log).
    /// - Complexity: O(bytes through `seq`).
    public static func fold(_ reader: LogReader, through seq: UInt64) throws -> (ProjectionSet, ReportTimeline) {
        let all = try foldWithImages(reader, through: seq)
        return (all.projections, all.timeline)
    }

    /// `fold`, also collecting the image facts (`ImageLedger`) of the records through `seq`, in
    /// the same pass.
    public static func foldWithImages(_ reader: LogReader, through seq: UInt64) throws
        -> (projections: ProjectionSet, timeline: ReportTimeline, images: ImageLedger) {
        var timeline = ReportTimeline()
        var images = ImageLedger()
        let visitor = RebuildVisitor(event: { occurredAt, projections in timeline.observe(occurredAt: occurredAt, after: projections) },
                                     image: { event in images.apply(event) })
        let projections = try ProjectionSet.rebuild(from: reader, through: seq, threads: ProjectionLoader.decodeThreads, visitor: visitor)
        return (projections, timeline, images)
    }

    /// The reference for `fold`: every record decoded in full and folded one by one, on this
    /// thread, keeping the wide columns in memory. Tests compare the two.
    public static func foldSequentially(_ reader: LogReader, through seq: UInt64) throws -> (ProjectionSet, ReportTimeline) {
        var projections = ProjectionSet()
        var timeline = ReportTimeline()
        guard seq > 0 else { return (projections, timeline) }
        try SampleEventReader.forEach(in: reader, through: seq) { seq, _, event, _ in
            projections.apply(event, seq: seq)
            timeline.observe(occurredAt: event.occurredAt, after: projections)
        }
        return (projections, timeline)
    }
}
