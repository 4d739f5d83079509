import EventLog
import SampleDomain

/// Every event of one sample in log order, for `tslog history <id>`.
///
/// Fed the whole log (or the records an index points at); keeps only its sample's events and
/// tracks the sample's label, type and status to fill each entry's before → after. Works for
/// deleted samples: the delete is an entry, and a later re-submit of the same id continues.
public struct SampleHistory: Sendable {
    public let sampleID: SampleID
    public private(set) var entries: [HistoryEntry] = []
    /// Seqs whose records were lost in a repair (repair markers, `RepairMarker`): any of them may
    /// have been about this sample, so the history says so.
    public var lostSeqs: [UInt64] = []

    /// The sample as the events so far leave it; nil when not live.
    private var current: (label: String, labelType: LabelType, status: NyckelStatus)?

    public init(sampleID: SampleID) { self.sampleID = sampleID }

    /// Adds `event` if it is about this sample; ignores it otherwise.
    public mutating func append(seq: UInt64, recordedAt: Timestamp, eventID: String?, event: SampleEvent) {
        guard event.sampleID == sampleID else { return }
        var entry = HistoryEntry(seq: seq, recordedAt: recordedAt, event: event, eventID: eventID)
        switch (event.body, current) {
        case (.submitted(let s), nil):
            current = (s.label, s.labelType, .submitted)
            entry.labelAfter = s.label
            entry.labelTypeAfter = s.labelType
            entry.statusAfter = .submitted
        case (.responded(let r), let now?):
            entry.statusBefore = now.status
            entry.statusAfter = r.status.nyckelStatus
            current?.status = r.status.nyckelStatus
        case (.resubmitted, let now?):
            entry.statusBefore = now.status
            entry.statusAfter = .submitted
            current?.status = .submitted
        case (.relabeled(let r), let now?):
            entry.labelBefore = now.label
            entry.labelTypeBefore = now.labelType
            entry.labelAfter = r.label
            entry.labelTypeAfter = r.labelType ?? now.labelType
            current = (r.label, r.labelType ?? now.labelType, now.status)
        case (.updated, _?):
            break  // metadata columns; label, type and status stay
        case (.imageFetched, _?), (.imageFetchFailed, _?):
            break  // facts about the image; the row does not change
        case (.deleted, let now?):
            entry.labelBefore = now.label
            entry.labelTypeBefore = now.labelType
            entry.statusBefore = now.status
            current = nil
        default:
            entry.applied = false
        }
        entries.append(entry)
    }

    /// True while the sample is live after the entries so far.
    public var isLive: Bool { current != nil }
}
