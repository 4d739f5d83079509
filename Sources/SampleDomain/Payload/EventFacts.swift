import EventLog

/// The part of one stored sample event that the projections fold: which sample, when, what
/// kind of change, and the few columns the queries count, group and filter by.
///
/// A rebuild of the projections from a large log needs nothing more, and decoding this much
/// (`PayloadCodec.decodeFacts(record:text:)`) makes no copy of the wide text columns —
/// `image_url`, `image_path`, the scan id, region, crop, error — which a row reads back from the
/// log only when a query prints it. Every field is still checked exactly as the full decoder
/// checks it.
///
/// A plain value with no references: the two texts it keeps (label and function id) are spans
/// of a byte buffer held beside it, so a rebuild's decoding threads hand facts to the folding
/// thread by the thousand without allocating, retaining or releasing anything per event.
public struct EventFacts: Sendable, Equatable {
    public var sampleID: SampleID
    /// `occurred_at`: for a submission, the row's `created_at`.
    public var occurredAt: Timestamp
    public var type: EventType
    /// The label of a submission or relabel; empty for the other types.
    public var label: TextSpan
    /// The label type of a submission; of a relabel when it gives one; nil otherwise.
    public var labelType: LabelType?
    /// `nyckel_function_id` of a submission or resubmission, when given.
    public var functionID: TextSpan?
    /// Nyckel's answer (`nyckel.responded` only).
    public var status: ResponseStatus?
    /// The response sets `nyckel_sample_id` (`nyckel.responded` only).
    public var setsNyckelSampleID: Bool
    /// `source_scan_id IS NOT NULL` after a submission.
    public var hasScan: Bool
    /// `crop_data IS NOT NULL` after a submission.
    public var hasCrop: Bool
    /// The columns a `sample.updated` sets, besides `nyckel_function_id` (in `functionID`).
    public var sets: SampleColumns
    /// The columns a `sample.updated` clears.
    public var clears: SampleColumns
    /// The sizes a submission gives the row, or an update sets (the others -1).
    public var sizes = RecordedSizes()

    init(sampleID: SampleID, occurredAt: Timestamp, type: EventType) {
        self.sampleID = sampleID
        self.occurredAt = occurredAt
        self.type = type
        label = TextSpan()
        labelType = nil
        functionID = nil
        status = nil
        setsNyckelSampleID = false
        hasScan = false
        hasCrop = false
        sets = []
        clears = []
    }

    /// The facts of a full event, its texts appended to `text`: what `decodeFacts` gives for
    /// the record holding it.
    public init(_ event: SampleEvent, text: inout [UInt8]) {
        self.init(sampleID: event.sampleID, occurredAt: event.occurredAt, type: event.body.type)
        let fields = event.body.type.table.fields
        for (field, value) in zip(fields, event.body.payload.fieldValues) where field.fact != .none {
            guard let value else { continue }
            switch (field.fact, value) {
            case (.label, .text(let s)): label = TextSpan(appending: s, to: &text)
            case (.functionID, .text(let s)): functionID = TextSpan(appending: s, to: &text)
            case (.labelType, .labelType(let t)): labelType = t
            case (.status, .status(let s)): status = s
            case (.setsNyckelSampleID, _): setsNyckelSampleID = true
            case (.hasScan, _): hasScan = true
            case (.hasCrop, _): hasCrop = true
            case (.sets(let c), _):
                sets.formUnion(c)
                if case .count(let v) = value { sizes.note(c, v) }
            case (.clears, .columns(let c)): clears = c
            default: preconditionFailure("\(field.key): a \(field.fact) fact from a \(field.kind) field")
            }
        }
    }
}

/// Where one text sits in a byte buffer kept beside the values that name it: its UTF-8 bytes
/// are `buffer[start..<start + count]`.
public struct TextSpan: Sendable, Equatable {
    public var start: UInt32
    public var count: UInt32

    /// The empty text.
    public init() { start = 0; count = 0 }

    /// Appends `bytes` to `buffer` and names them.
    package init(appending bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        precondition(buffer.count + bytes.count <= Int(UInt32.max), "text buffer over 4 GiB")
        start = UInt32(buffer.count)
        count = UInt32(bytes.count)
        buffer.append(contentsOf: bytes)
    }

    /// Appends `text`'s UTF-8 bytes to `buffer` and names them.
    public init(appending text: String, to buffer: inout [UInt8]) {
        var text = text
        self = text.withUTF8 { TextSpan(appending: $0, to: &buffer) }
    }

    /// The bytes this span names in `buffer`.
    @inline(__always)
    package func bytes(in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[Int(start)..<Int(start + count)])
    }

    /// The text this span names in `buffer`.
    public func string(in buffer: [UInt8]) -> String {
        String(decoding: buffer[Int(start)..<Int(start + count)], as: UTF8.self)
    }
}
