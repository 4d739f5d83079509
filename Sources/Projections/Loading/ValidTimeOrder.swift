import EventLog
import SampleDomain

/// The sample events of a log prefix that had happened by a valid time, in the order they
/// happened: what `--valid-at T` folds.
///
/// The log's own order is the order records were *recorded* (seq; `--as-of` cuts it). Valid time
/// asks instead what the table looked like at `T` by the events' `occurred_at`, as the log knows
/// it (through `seq`): every sample event through `seq` whose `occurred_at` is at or before `T`,
/// ordered by `occurred_at`, events with equal `occurred_at` by seq. They are folded with the
/// fold's usual rules, so an event that cannot apply in that order changes nothing: an event
/// about a sample not live at that point (answered before it was submitted, or after it was
/// deleted), or a submission of an id that is live. docs/events.md ("Valid time") is the
/// contract; the differential tests replay the same order in PostgreSQL.
///
/// Only the facts of each event are kept (`EventFacts`, texts in one buffer), so sorting a large
/// log holds one small value per event; rows read their wide columns back from the log.
/// - Complexity: O(bytes through `seq`) to read, O(n log n) to order the n events kept.
public struct ValidTimeOrder {
    /// One kept event: its facts, seq and where it is stored.
    struct Entry {
        var facts: EventFacts
        var seq: UInt64
        var location: RecordLocation
    }

    var entries: [Entry] = []
    /// The texts the facts name.
    var text: [UInt8] = []
    /// The seq read through and where that record is stored (nil for seq 0).
    public private(set) var seq: UInt64 = 0
    var lastLocation: RecordLocation?

    /// Reads the log through `seq` and keeps the events that occurred at or before `validAt`.
    public init(_ reader: LogReader, through seq: UInt64, validAt: Timestamp) throws {
        self.seq = seq
        guard seq > 0 else { return }
        var text: [UInt8] = []
        var entries: [Entry] = []
        var last: RecordLocation?
        try reader.scan(from: 1, through: seq) { record in
            last = record.location
            guard let facts = try PayloadCodec.decodeFacts(record: record, text: &text),
                  facts.occurredAt <= validAt else { return }
            entries.append(Entry(facts: facts, seq: record.seq, location: record.location))
        }
        // Stable in effect: seq breaks every tie, so the order is total.
        entries.sort { ($0.facts.occurredAt, $0.seq) < ($1.facts.occurredAt, $1.seq) }
        self.entries = entries
        self.text = text
        lastLocation = last
    }

    /// How many events occurred at or before the valid time.
    public var count: Int { entries.count }

    /// Folds the kept events, in valid-time order, into `projections`, calling `observe` with
    /// each event's `occurred_at` after it is folded; then marks the set as read through `seq`.
    public func fold(into projections: inout ProjectionSet, observe: ((Timestamp, ProjectionSet) -> Void)? = nil) {
        text.withUnsafeBufferPointer { text in
            for entry in entries {
                projections.apply(entry.facts, text: text, seq: entry.seq, at: entry.location)
                observe?(entry.facts.occurredAt, projections)
            }
        }
        projections.skip(seq: seq, at: lastLocation)
    }
}

extension ProjectionLoader {
    /// The table as it stood at valid time `validAt`, as the log knew it at `seq`
    /// (`ValidTimeOrder`). Never from or into a checkpoint: checkpoints hold seq-order states.
    public static func load(_ reader: LogReader, through seq: UInt64, validAt: Timestamp) throws -> ProjectionSet {
        var projections = ProjectionSet()
        projections.rowSource = RecordFetcher(directory: reader.directory)
        try ValidTimeOrder(reader, through: seq, validAt: validAt).fold(into: &projections)
        return projections
    }
}

extension ReportTimeline {
    /// `fold(_:through:)` in valid-time order: the projections at valid time `validAt` as the log
    /// knew it at `seq`, and the timeline that led there (its clock is each event's `occurred_at`,
    /// which never runs backwards in this order).
    public static func fold(_ reader: LogReader, through seq: UInt64, validAt: Timestamp) throws -> (ProjectionSet, ReportTimeline) {
        var projections = ProjectionSet()
        projections.rowSource = RecordFetcher(directory: reader.directory)
        var timeline = ReportTimeline()
        try ValidTimeOrder(reader, through: seq, validAt: validAt).fold(into: &projections) { at, state in
            timeline.observe(occurredAt: at, after: state)
        }
        return (projections, timeline)
    }
}
