import EventLog

/// The part of one stored sample event that the projections fold: which sample, when, what
/// kind of change, and the few columns the queries count, group and filter by.
///
/// A rebuild of the projections from a large log needs nothing more, and decoding this much
/// (`PayloadCodec.decodeFacts(record:)`) makes no copy of the wide text columns — `image_url`,
/// `image_path`, the scan id, region, crop, error — which a row reads back from the log only
/// when a query prints it. Every field is still checked exactly as the full decoder checks it.
public struct EventFacts: Sendable {
    public var sampleID: SampleID
    /// `occurred_at`: for a submission, the row's `created_at`.
    public var occurredAt: Timestamp
    public var type: EventType
    /// The label of a submission or relabel; empty for the other types.
    public var label: String
    /// The label type of a submission; of a relabel when it gives one; nil otherwise.
    public var labelType: LabelType?
    /// `nyckel_function_id` of a submission or resubmission, when given.
    public var functionID: String?
    /// Nyckel's answer (`nyckel.responded` only).
    public var status: ResponseStatus?
    /// The response sets `nyckel_sample_id` (`nyckel.responded` only).
    public var setsNyckelSampleID: Bool
    /// `source_scan_id IS NOT NULL` after a submission.
    public var hasScan: Bool
    /// `crop_data IS NOT NULL` after a submission.
    public var hasCrop: Bool

    init(sampleID: SampleID, occurredAt: Timestamp, type: EventType) {
        self.sampleID = sampleID
        self.occurredAt = occurredAt
        self.type = type
        label = ""
        labelType = nil
        functionID = nil
        status = nil
        setsNyckelSampleID = false
        hasScan = false
        hasCrop = false
    }

    /// The facts of a full event: what `decodeFacts` gives for the record holding it.
    public init(_ event: SampleEvent) {
        self.init(sampleID: event.sampleID, occurredAt: event.occurredAt, type: event.body.type)
        switch event.body {
        case .submitted(let s):
            label = s.label
            labelType = s.labelType
            functionID = s.nyckelFunctionID
            hasScan = s.sourceScanID != nil
            hasCrop = s.cropData != nil
        case .responded(let r):
            status = r.status
            setsNyckelSampleID = r.nyckelSampleID != nil
        case .resubmitted(let r):
            functionID = r.nyckelFunctionID
        case .relabeled(let r):
            label = r.label
            labelType = r.labelType
        case .deleted:
            break
        }
    }
}

extension EventFacts: Equatable {}
