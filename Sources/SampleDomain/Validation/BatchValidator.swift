import EventLog

/// `BatchValidation` fed a batch in chunks of lines, in line order: each chunk is checked against
/// the registry plus the accepted lines of the chunks before it, exactly as if the whole batch
/// were one array (`BatchValidation.validate(lines:)` is one `feed`).
///
/// It keeps the batch's *state* — the registry overlay (`BatchOutcome.changes`), the event ids
/// accepted so far, the refusals and failed preconditions — and hands the accepted lines' records
/// or events, and the duplicates, to the caller chunk by chunk (`drain`), so a batch of millions
/// of lines needs memory for its samples and event ids, not for its bytes (`tslog append`,
/// `SampleStore.append(chunks:)`).
public struct BatchValidator {
    /// What the lines fed so far found; `records`, `accepted` and `duplicates` hold only what
    /// was fed since the last `drain`.
    public internal(set) var outcome: BatchOutcome
    /// Lines accepted so far, drained or not.
    public private(set) var acceptedCount = 0
    /// Lines skipped as duplicates so far, drained or not.
    public private(set) var duplicateCount = 0
    private var batchIDs: Set<String> = []
    private let registry: SampleRegistry
    private let defaultTime: Timestamp
    private let fastPath: Bool
    private let asRecords: Bool
    private let pieceSize: Int
    private let logLastSeq: UInt64

    /// A validator of a batch against `registry` (plus `overlay`, see `BatchValidation`), whose
    /// accepted events will follow the log's last seq `logLastSeq`; with `asRecords` accepted
    /// lines become `outcome.records` (payloads encoded), else `outcome.accepted`.
    init(registry: SampleRegistry, defaultTime: Timestamp, fastPath: Bool = true, asRecords: Bool = false,
         pieceSize: Int = 1024, overlay: RegistryChanges = RegistryChanges(), logLastSeq: UInt64 = 0) {
        outcome = BatchOutcome(registry: registry)
        outcome.changes = overlay
        self.registry = registry
        self.defaultTime = defaultTime
        self.fastPath = fastPath
        self.asRecords = asRecords
        self.pieceSize = pieceSize
        self.logLastSeq = logLastSeq
    }

    /// A validator of events (`outcome.accepted`) against `registry`, for a caller that only
    /// checks a batch (a log that does not exist yet: `registry` empty, nothing stored).
    public init(registry: SampleRegistry, defaultTime: Timestamp) {
        self.init(registry: registry, defaultTime: defaultTime, fastPath: true)
    }

    /// Removes and returns the records accepted since the last call, and forgets the accepted
    /// events and duplicates listed since then (`acceptedCount` and `duplicateCount` keep them).
    public mutating func drain() -> [NewRecord] {
        outcome.accepted.removeAll()
        outcome.duplicates.removeAll()
        defer { outcome.records = [] }
        return outcome.records
    }

    /// Validates the next lines of the batch (each without its newline), in order.
    /// - Parameter isStored: whether the log already holds an event with this id.
    public mutating func feed(_ lines: [(number: Int, bytes: [UInt8])], isStored: (String) throws -> Bool) rethrows {
        let acceptedBefore = outcome.records.count + outcome.accepted.count, duplicatesBefore = outcome.duplicates.count
        defer {
            acceptedCount += outcome.records.count + outcome.accepted.count - acceptedBefore
            duplicateCount += outcome.duplicates.count - duplicatesBefore
        }
        if asRecords { outcome.records.reserveCapacity(outcome.records.count + lines.count) }
        else { outcome.accepted.reserveCapacity(outcome.accepted.count + lines.count) }
        // The fast reader looks at nothing but the line, and the registry does not change
        // during validation: lines are read, their samples looked up (and their payloads
        // encoded) in pieces on background threads; the checks that depend on earlier lines run
        // in line order on this thread, piece by piece, while later pieces are still read.
        let (registry, defaultTime, fastPath, asRecords) = (registry, defaultTime, fastPath, asRecords)
        let pieces = OrderedPieces(count: lines.count, pieceSize: pieceSize) { range -> [FastLine?] in
            guard fastPath else { return [] }
            return range.map { index in
                lines[index].bytes.withUnsafeBufferPointer {
                    FastLine($0, registry: registry, defaultTime: defaultTime, asRecord: asRecords)
                }
            }
        }
        for (k, range) in pieces.ranges.enumerated() {
            var fastLines = pieces.take(k)
            for index in range {
                let number = lines[index].number
                // Moved out of the array, not copied: no retain and release per line.
                if fastPath, let fast = fastLines[index - range.lowerBound].take() {
                    try check(fast, line: number, isStored: isStored)
                } else {
                    try checkReference(lines[index].bytes, line: number, isStored: isStored)
                }
            }
        }
    }

    /// The in-order checks of a line the fast reader took.
    private mutating func check(_ fast: consuming FastLine, line number: Int, isStored: (String) throws -> Bool) rethrows {
        // A fully valid line: its event_id (if any) is the valid one deduplication keys on.
        if let id = fast.eventID, try batchIDs.contains(id) || isStored(id) {
            outcome.duplicates.append((number, id)); return
        }
        if let expected = fast.expectLastSeq,
           let c = BatchValidation.failedPrecondition(expected, fast.sampleID, line: number, &outcome, logLastSeq: logLastSeq) {
            outcome.conflicts.append(c); return
        }
        let state = outcome.changes.state(of: fast.sampleID, baseState: fast.stored)
        if let e = SampleRegistry.refusal(fast.sampleID, submits: fast.type == .sampleSubmitted, line: number, state: state) {
            outcome.errors.append(e); return
        }
        outcome.changes.apply(fast.type, to: fast.sampleID)
        if let id = fast.eventID { batchIDs.insert(id) }
        fast.deliver(line: number, to: &outcome)
    }

    /// Every check of a line the fast reader left (and of every refusal): `InputParser`.
    private mutating func checkReference(_ bytes: [UInt8], line number: Int, isStored: (String) throws -> Bool) rethrows {
        let parsed = bytes.withUnsafeBufferPointer { InputParser.object($0, lineNumber: number) }
        let object: JSONObject
        switch parsed {
        case .failure(let e): outcome.errors.append(e); return
        case .success(let o): object = o
        }
        if let id = InputParser.eventIDForDeduplication(object) {
            if batchIDs.contains(id) {
                outcome.duplicates.append((number, id)); return
            }
            if try isStored(id) {
                outcome.duplicates.append((number, id)); return
            }
        }
        let input: InputEvent
        switch InputParser.validate(object, lineNumber: number) {
        case .failure(let e): outcome.errors.append(e); return
        case .success(let i): input = i
        }
        if let expected = input.expectLastSeq,
           let c = BatchValidation.failedPrecondition(expected, input.sampleID, line: number, &outcome, logLastSeq: logLastSeq) {
            outcome.conflicts.append(c); return
        }
        let state = outcome.changes.state(of: input.sampleID, base: registry)
        if let e = SampleRegistry.refusal(input, line: number, state: state) {
            outcome.errors.append(e); return
        }
        let event = input.event(defaultTime: defaultTime)
        outcome.changes.apply(event.body.type, to: event.sampleID)
        if let id = input.eventID { batchIDs.insert(id) }
        if asRecords {
            outcome.records.append(NewRecord(type: event.body.type.rawValue, schemaVersion: SampleSchema.schemaVersion,
                                             eventID: input.eventID, payload: PayloadCodec.encode(event), recordedAt: nil))
        } else {
            outcome.accepted.append((number, input.eventID, event))
        }
    }
}
