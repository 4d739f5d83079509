/// Which samples exist (live) and which were deleted: all that state validation needs.
///
/// Built by applying every stored event in order, then consulted for each new line. A deleted
/// sample's id may be submitted again (PostgreSQL allows re-INSERT after DELETE); every other
/// event needs a live sample.
public struct SampleRegistry: Sendable {
    /// What the registry knows of one sample.
    public enum State: Sendable, Equatable {
        case unknown, live, deleted
    }

    /// Each sample seen: `liveMark` or `deletedMark`. One table, so an update is one probe.
    private var states = SampleIDTable()
    private static let liveMark: UInt8 = 1, deletedMark: UInt8 = 2
    /// How many samples are live.
    private var live = 0

    public init() {}

    /// How many samples exist now: the row count of `training_samples`.
    public var liveCount: Int { live }

    public func isLive(_ id: SampleID) -> Bool { states.value(of: id) == Self.liveMark }

    /// True when the sample was deleted and not submitted again since.
    public func wasDeleted(_ id: SampleID) -> Bool { states.value(of: id) == Self.deletedMark }

    /// The sample's state. - Complexity: O(1) on average.
    public func state(of id: SampleID) -> State {
        switch states.value(of: id) {
        case Self.liveMark?: return .live
        case Self.deletedMark?: return .deleted
        default: return .unknown
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

    /// Records the effect of an accepted or stored event.
    /// - Complexity: O(1) on average.
    public mutating func apply(_ event: SampleEvent) {
        apply(event.body.type, to: event.sampleID)
    }

    /// Records an event of `type` about `id`: only submissions and deletions change the registry.
    public mutating func apply(_ type: EventType, to id: SampleID) {
        switch type {
        case .sampleSubmitted: mark(id, live: true)
        case .sampleDeleted: mark(id, live: false)
        case .nyckelResponded, .nyckelResubmitted, .sampleRelabeled, .imageFetched, .imageFetchFailed: break
        }
    }

    /// Makes `id` live or deleted, keeping the live count.
    private mutating func mark(_ id: SampleID, live isLive: Bool) {
        let old = states.set(id, to: isLive ? Self.liveMark : Self.deletedMark)
        live += (isLive ? 1 : 0) - (old == Self.liveMark ? 1 : 0)
    }

    /// Applies a batch's changes (see `RegistryChanges`) in place.
    /// - Complexity: O(changes) on average; the registry is not copied when uniquely held.
    public mutating func apply(_ changes: RegistryChanges) {
        for (id, state) in changes.states {
            switch state {
            case .live: mark(id, live: true)
            case .deleted: mark(id, live: false)
            case .unknown: break  // never recorded: a change is always a submit or a delete
            }
        }
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

    mutating func reserveCapacity(_ n: Int) { states.reserveCapacity(n) }

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

    /// Records an accepted event: submissions and deletions change the overlay.
    mutating func apply(_ type: EventType, to id: SampleID) {
        switch type {
        case .sampleSubmitted: states[id] = .live; remember(id)
        case .sampleDeleted: states[id] = .deleted; remember(id)
        case .nyckelResponded, .nyckelResubmitted, .sampleRelabeled, .imageFetched, .imageFetchFailed: break
        }
    }
}
