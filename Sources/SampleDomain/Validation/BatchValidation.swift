import EventLog

/// What validating a batch of input lines found.
public struct BatchOutcome {
    /// Lines that passed every check, in line order, with their final event (default time applied).
    public var accepted: [(line: Int, eventID: String?, event: SampleEvent)] = []
    /// Lines skipped because their `event_id` was already stored or already accepted earlier in
    /// the batch. Not errors: appending the same line twice is a no-op.
    public var duplicates: [(line: Int, eventID: String)] = []
    /// Lines refused, in line order; a refused line does not change the registry.
    public var errors: [InputError] = []
    /// Lines whose `expect_last_seq` did not hold, in line order; such a line does not change the
    /// registry. Any of them refuses the whole batch, whatever `skipInvalid` says.
    public var conflicts: [PreconditionFailure] = []
    /// What the accepted lines changed: the overlay on the registry validation started from.
    public var changes = RegistryChanges()
    /// With `asRecords` (the store's append), the accepted lines as the records to append, in
    /// line order, instead of `accepted`: the events themselves are never kept.
    var records: [NewRecord] = []
    /// The registry validation started from; not modified.
    public let base: SampleRegistry

    public init(registry: SampleRegistry) { self.base = registry }

    /// The registry after applying the accepted lines.
    /// - Complexity: copies `base` (O(samples)); the store applies `changes` in place instead.
    public var registry: SampleRegistry {
        var r = base
        r.apply(changes)
        return r
    }
}

/// Validates a batch of input lines in order.
///
/// For each line: JSON syntax; then, when the line has a valid `event_id` already stored
/// (`isStored`) or accepted earlier in this batch, the line is a duplicate and skipped before any
/// other check; then field validation (`InputParser`); then state validation against the
/// registry as updated by the earlier accepted lines of the batch. So a batch may submit a sample
/// and respond to it, or delete a sample and submit its id again; a second submit of a live
/// sample is refused even when the first is in the same batch.
///
/// An event_id seen only on a refused line does not make later lines duplicates.
///
/// A line with `expect_last_seq` N (a precondition) is checked right after its fields, before
/// the state check: the seq of the last event about its sample must be N (0: none yet). The
/// earlier accepted lines of the batch count, at the seqs they will get (`logLastSeq + 1`, + 2,
/// … in order), so only the first line about a sample needs a precondition: the batch is all
/// or nothing, and the later lines are written with it. A line that fails its precondition goes
/// to `BatchOutcome.conflicts`, not `errors`. A duplicate is never checked: a retried event is
/// a duplicate, not a conflict.
///
/// Each line first goes to `FastLineReader`, which reads a fully valid line without building a
/// JSON tree; any other line (and every refusal) takes the reference path, `InputParser`.
///
/// The registry itself is never modified (nor copied): the batch's submissions and deletions
/// go to a small overlay, `BatchOutcome.changes`.
public enum BatchValidation {
    /// Validates `lines` (each without its newline) in order.
    /// - Parameters:
    ///   - registry: the state after every stored event.
    ///   - defaultTime: the `occurred_at` of lines that give none (the append time).
    ///   - logLastSeq: the seq of the log's last record; the batch's accepted events will follow it.
    ///   - isStored: whether the log already holds an event with this id.
    public static func validate(lines: [(number: Int, bytes: [UInt8])], registry: SampleRegistry,
                                defaultTime: Timestamp, logLastSeq: UInt64 = 0,
                                isStored: (String) throws -> Bool) rethrows -> BatchOutcome {
        try validate(lines: lines, registry: registry, defaultTime: defaultTime, fastPath: true,
                     logLastSeq: logLastSeq, isStored: isStored)
    }

    /// `validate`, with the fast reader (`FastLineReader`) switched on or off: off, every line
    /// takes the reference path; tests compare the two outcomes. With `asRecords`, accepted
    /// lines go to `BatchOutcome.records` (payloads encoded in the parallel pass) instead of
    /// `accepted`. `pieceSize` is the number of lines per piece read on the background threads
    /// (the outcome does not depend on it; tests vary it). `overlay` is a batch's starting
    /// state on top of `registry` (the changes of the batches before it in one group commit);
    /// `BatchOutcome.changes` then holds the overlay with this batch's changes added.
    static func validate(lines: [(number: Int, bytes: [UInt8])], registry: SampleRegistry,
                         defaultTime: Timestamp, fastPath: Bool, asRecords: Bool = false, pieceSize: Int = 1024,
                         overlay: RegistryChanges = RegistryChanges(), logLastSeq: UInt64 = 0,
                         isStored: (String) throws -> Bool) rethrows -> BatchOutcome {
        var validator = BatchValidator(registry: registry, defaultTime: defaultTime, fastPath: fastPath, asRecords: asRecords,
                                       pieceSize: pieceSize, overlay: overlay, logLastSeq: logLastSeq)
        validator.outcome.changes.reserveCapacity(lines.count)
        try validator.feed(lines, isStored: isStored)
        return validator.outcome
    }

    /// The failure of the precondition "the last event about `id` is seq `expected`", or nil
    /// when it holds (the batch's accepted lines so far counted, see the type's note).
    static func failedPrecondition(_ expected: UInt64, _ id: SampleID, line: Int, _ outcome: inout BatchOutcome,
                                     logLastSeq: UInt64) -> PreconditionFailure? {
        let actual = outcome.changes.lastSeq(of: id, base: outcome.base, logLastSeq: logLastSeq)
        return actual == expected ? nil : PreconditionFailure(line: line, sampleID: id, expected: expected, actual: actual)
    }
}

/// What the parallel pass makes of a line the fast reader takes: what the in-order checks need
/// (event id, sample, type, the sample's state in the registry validation starts from), and
/// either the event (default time applied) or, for the store, the record to append.
struct FastLine: Sendable {
    var eventID: String?
    var sampleID: SampleID
    var type: EventType
    /// The line's `expect_last_seq`, if any.
    var expectLastSeq: UInt64?
    var stored: SampleRegistry.State
    /// The event, when validating for `BatchOutcome.accepted`; boxed, so that the lines the
    /// parallel pass hands over stay small (they are moved a few times each).
    var event: EventBox?
    /// The record (payload encoded), when validating for the store.
    var record: NewRecord?

    /// Nil when the fast reader leaves the line to the reference path.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, registry: SampleRegistry, defaultTime: Timestamp, asRecord: Bool) {
        if asRecord {
            guard let r = FastLineReader.readRecord(bytes, defaultTime: defaultTime) else { return nil }
            (eventID, sampleID, type, expectLastSeq) = (r.eventID, r.sampleID, r.type, r.expectLastSeq)
            record = NewRecord(type: r.type.rawValue, schemaVersion: SampleSchema.schemaVersion,
                               eventID: r.eventID, payload: r.payload, recordedAt: nil)
        } else {
            guard let input = FastLineReader.read(bytes) else { return nil }
            eventID = input.eventID
            sampleID = input.sampleID
            type = input.body.type
            expectLastSeq = input.expectLastSeq
            event = EventBox(input.event(defaultTime: defaultTime))
        }
        stored = registry.state(of: sampleID)
    }

    /// Hands the accepted line's event or record to `outcome`, moved, not copied.
    consuming func deliver(line: Int, to outcome: inout BatchOutcome) {
        if let record = record.take() {
            outcome.records.append(record)
        } else if let box = event.take() {
            outcome.accepted.append((line, eventID, box.event))
        }
    }

    final class EventBox: Sendable {
        let event: SampleEvent
        init(_ event: SampleEvent) { self.event = event }
    }
}
