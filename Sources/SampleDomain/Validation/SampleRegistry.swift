/// Which samples exist (live), which were deleted, and the seq of each sample's last event:
/// all that state validation (and the `expect_last_seq` precondition) needs.
///
/// Two parts: `base`, the registry file (`RegistryFile`: what the registry was at a prefix of
/// the log, read by point lookups without loading it), and `recent`, the samples changed after
/// that prefix, in memory. Without a file (tests, a fresh log) everything is in `recent`.
/// A deleted sample's id may be submitted again (PostgreSQL allows re-INSERT after DELETE);
/// every other event needs a live sample.
///
/// Safe to read from several threads at once (validation looks samples up on background
/// threads); a base that fails a check while being read is flagged (`isDamaged`) and answers
/// `.unknown`, and the store then rebuilds it from the log and validates again.
public struct SampleRegistry: Sendable {
    /// What the registry knows of one sample.
    public enum State: Sendable, Equatable {
        case unknown, live, deleted
    }

    /// The registry file, when there is one.
    var base: RegistryBase?
    /// Samples changed after `base`: `lastSeq << 2 | code`, code 1 live, 2 deleted, 0 "as in base".
    private var recent = SampleIDMap<UInt64>()
    /// How many samples are live.
    private var live = 0

    public init() {}

    init(base: RegistryBase) {
        self.base = base
        live = Int(base.table.extra)
    }

    /// How many samples exist now: the row count of `training_samples`.
    public var liveCount: Int { live }

    /// How many samples changed since the registry file (all of them without one).
    var recentCount: Int { recent.count }

    /// True when the registry file failed a check during a lookup (see the type's note).
    var isDamaged: Bool { base?.isDamaged ?? false }

    public func isLive(_ id: SampleID) -> Bool { state(of: id) == .live }

    /// True when the sample was deleted and not submitted again since.
    public func wasDeleted(_ id: SampleID) -> Bool { state(of: id) == .deleted }

    /// The sample's state. - Complexity: O(1) on average in memory; one block read of the
    /// registry file for a sample not changed since it was written.
    public func state(of id: SampleID) -> State {
        if let value = recent.value(of: id), let state = Self.state(code: value & 3) { return state }
        return base?.lookup(id)?.state ?? .unknown
    }

    /// The seq of the last event about the sample; 0 when there is none.
    public func lastSeq(of id: SampleID) -> UInt64 {
        if let value = recent.value(of: id) { return value >> 2 }
        return base?.lookup(id)?.lastSeq ?? 0
    }

    private static func state(code: UInt64) -> State? {
        switch code {
        case 1: return .live
        case 2: return .deleted
        default: return nil
        }
    }

    /// The state refusal for `event`, or nil when the registry allows it.
    ///
    /// - `sample.submitted` for a live sample: `… already exists`.
    /// - any other type for a deleted sample: `… was deleted`; for an unknown one: `no sample … exists`.
    public func check(_ event: InputEvent, line: Int) -> InputError? {
        SampleRegistry.refusal(event, line: line, state: state(of: event.sampleID))
    }

    /// The state refusal for `event` about a sample in `state`, or nil.
    static func refusal(_ event: InputEvent, line: Int, state: State) -> InputError? {
        if case .submitted = event.body { return refusal(event.sampleID, submits: true, line: line, state: state) }
        return refusal(event.sampleID, submits: false, line: line, state: state)
    }

    /// The state refusal for an event about `id` (a submission when `submits`) in `state`, or nil.
    @inline(__always)
    static func refusal(_ id: SampleID, submits: Bool, line: Int, state: State) -> InputError? {
        if submits {
            guard state != .live else {
                return InputError(line: line, field: "sample_id", message: "sample \(id) already exists")
            }
            return nil
        }
        switch state {
        case .live: return nil
        case .deleted: return InputError(line: line, field: "sample_id", message: "sample \(id) was deleted")
        case .unknown: return InputError(line: line, field: "sample_id", message: "no sample \(id) exists")
        }
    }

    /// Records the effect of an accepted or stored event (its seq unknown: kept as 0).
    /// - Complexity: O(1) on average.
    public mutating func apply(_ event: SampleEvent) {
        apply(event.body.type, to: event.sampleID)
    }

    /// Records an event of `type` about `id`: submissions and deletions change the state.
    public mutating func apply(_ type: EventType, to id: SampleID) {
        apply(type, to: id, seq: lastSeq(of: id))
    }

    /// Records the stored event `seq`, of `type`, about `id`.
    ///
    /// The live count trusts the log: a submission is of a sample that was not live, a deletion
    /// of one that was (what validation let through); it is exact whenever the previous state is
    /// in memory.
    mutating func apply(_ type: EventType, to id: SampleID, seq: UInt64) {
        let old = recent.value(of: id)
        let oldCode = old.map { $0 & 3 } ?? 0
        let code: UInt64
        switch type {
        case .sampleSubmitted:
            code = 1
            if oldCode != 1 { live += 1 }
        case .sampleDeleted:
            code = 2
            if oldCode == 1 || (oldCode == 0 && base != nil) { live -= 1 }
        case .nyckelResponded, .nyckelResubmitted, .sampleRelabeled, .sampleUpdated, .imageFetched, .imageFetchFailed:
            code = oldCode
        }
        recent.set(id, to: seq << 2 | code)
    }

    /// Applies a batch's changes (see `RegistryChanges`) in place; its accepted records got the
    /// seqs from `firstSeq` on, in order.
    /// - Complexity: O(changes) on average; the registry is not copied when uniquely held.
    public mutating func apply(_ changes: RegistryChanges, firstSeq: UInt64 = 0) {
        for (k, touched) in changes.order.enumerated() {
            apply(touched.type, to: touched.id, seq: firstSeq == 0 ? 0 : firstSeq + UInt64(k))
        }
    }

    /// Calls `body` with every sample changed since `base`: id, state code, last seq.
    func forEachRecent(_ body: (SampleID, UInt64, UInt64) throws -> Void) rethrows {
        try recent.forEach { id, value in try body(id, value & 3, value >> 2) }
    }
}

/// The samples a batch submitted or deleted, with their state after the batch: a small overlay
/// on a `SampleRegistry` that is left untouched while the batch is validated.
///
/// Validating against `base + overlay` instead of a mutated copy of the registry keeps a batch
/// of 10,000 lines from copying two sets of up to a million ids (copy-on-write); the store
/// merges the overlay into its registry only after the write succeeded, so a refused or failed
/// batch changes nothing.
public struct RegistryChanges: Sendable {
    /// The state after the batch of each sample it submitted or deleted.
    public private(set) var states: [SampleID: SampleRegistry.State] = [:]
    /// The sample and type of each accepted event, in order: the k-th gets the batch's k-th seq.
    public private(set) var order: [(id: SampleID, type: EventType)] = []

    public init() {}

    /// How many samples changed state.
    public var count: Int { states.count }

    /// The state of `id` as `base` plus these changes.
    @inline(__always)
    func state(of id: SampleID, base: SampleRegistry) -> SampleRegistry.State {
        if mayContain(id), let s = states[id] { return s }
        return base.state(of: id)
    }

    /// The state of `id` given its state in the base registry, looked up beforehand.
    @inline(__always)
    func state(of id: SampleID, baseState: SampleRegistry.State) -> SampleRegistry.State {
        guard mayContain(id), let s = states[id] else { return baseState }
        return s
    }

    mutating func reserveCapacity(_ n: Int) {
        states.reserveCapacity(n)
        order.reserveCapacity(n)
    }

    /// One bit per bucket of ids (by their low bits): set for every id in `states`, so a clear
    /// bit answers "not changed by this batch" without hashing the id. Ids sharing a bucket only
    /// cost a dictionary lookup; the answer is always the dictionary's.
    private var filter: [UInt64] = []
    private static let filterWords = 1 << 10  // 65,536 bits, 8 KiB

    @inline(__always)
    private static func bit(_ id: SampleID) -> (word: Int, mask: UInt64) {
        let h = Int(truncatingIfNeeded: (id.low ^ id.high) & UInt64(filterWords * 64 - 1))
        return (h >> 6, 1 << UInt64(h & 63))
    }

    @inline(__always)
    private func mayContain(_ id: SampleID) -> Bool {
        guard !filter.isEmpty else { return false }
        let (word, mask) = RegistryChanges.bit(id)
        return filter[word] & mask != 0
    }

    private mutating func remember(_ id: SampleID) {
        if filter.isEmpty { filter = [UInt64](repeating: 0, count: RegistryChanges.filterWords) }
        let (word, mask) = RegistryChanges.bit(id)
        filter[word] |= mask
    }

    /// Each sample's last position in `order`; built on the first `lastSeq` call (a batch without
    /// preconditions never pays for it), then kept current by `apply`.
    private var lastIndex: [SampleID: Int]?

    /// The seq of the last event about `id`, counting these changes: the k-th accepted event
    /// gets seq `logLastSeq + 1 + k` (the log's records are gapless and these are written next,
    /// in order); for a sample they do not touch, `base`'s last seq (0 when none).
    /// - Complexity: O(1) on average; O(changes) once, on the first call.
    mutating func lastSeq(of id: SampleID, base: SampleRegistry, logLastSeq: UInt64) -> UInt64 {
        if lastIndex == nil {
            var index: [SampleID: Int] = [:]
            for (k, touched) in order.enumerated() { index[touched.id] = k }
            lastIndex = index
        }
        if let k = lastIndex?[id] { return logLastSeq + 1 + UInt64(k) }
        return base.lastSeq(of: id)
    }

    /// Records an accepted event: submissions and deletions change the overlay.
    mutating func apply(_ type: EventType, to id: SampleID) {
        order.append((id, type))
        if lastIndex != nil { lastIndex?[id] = order.count - 1 }
        switch type {
        case .sampleSubmitted: states[id] = .live; remember(id)
        case .sampleDeleted: states[id] = .deleted; remember(id)
        case .nyckelResponded, .nyckelResubmitted, .sampleRelabeled, .sampleUpdated, .imageFetched, .imageFetchFailed: break
        }
    }
}
