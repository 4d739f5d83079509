import EventLog
import SampleDomain

/// One event in a sample's history, with what it changed.
///
/// The before/after fields are filled where the event changes them: a submit sets the label and
/// status "after"; a response or resubmission sets status before → after; a relabel sets label
/// and label type before → after (type unchanged when the event gives none); a delete sets the
/// label, type and status "before". Fields an event does not touch are nil.
public struct HistoryEntry: Equatable, Sendable {
    /// The record's seq in the log.
    public var seq: UInt64
    /// When the log recorded it.
    public var recordedAt: Timestamp
    /// The event (its `occurredAt` is when it happened in the app).
    public var event: SampleEvent
    /// The idempotency key it was appended with, if any.
    public var eventID: String?
    /// False when the event could not apply to the sample as it then stood (an update of a sample
    /// that was not live, a submit of one that was): the table did not change.
    public var applied: Bool
    public var labelBefore: String?
    public var labelTypeBefore: LabelType?
    public var labelAfter: String?
    public var labelTypeAfter: LabelType?
    public var statusBefore: NyckelStatus?
    public var statusAfter: NyckelStatus?

    public init(seq: UInt64, recordedAt: Timestamp, event: SampleEvent, eventID: String? = nil,
                applied: Bool = true, labelBefore: String? = nil, labelTypeBefore: LabelType? = nil,
                labelAfter: String? = nil, labelTypeAfter: LabelType? = nil,
                statusBefore: NyckelStatus? = nil, statusAfter: NyckelStatus? = nil) {
        self.seq = seq; self.recordedAt = recordedAt; self.event = event; self.eventID = eventID
        self.applied = applied; self.labelBefore = labelBefore; self.labelTypeBefore = labelTypeBefore
        self.labelAfter = labelAfter; self.labelTypeAfter = labelTypeAfter
        self.statusBefore = statusBefore; self.statusAfter = statusAfter
    }
}
