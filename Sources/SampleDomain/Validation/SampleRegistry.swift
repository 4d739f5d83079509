/// Which samples exist (live) and which were deleted: all that state validation needs.
///
/// Built by applying every stored event in order, then consulted for each new line. A deleted
/// sample's id may be submitted again (PostgreSQL allows re-INSERT after DELETE); every other
/// event needs a live sample.
public struct SampleRegistry: Sendable {
    private var live: Set<SampleID> = []
    private var deleted: Set<SampleID> = []

    public init() {}

    /// How many samples exist now: the row count of `training_samples`.
    public var liveCount: Int { live.count }

    public func isLive(_ id: SampleID) -> Bool { live.contains(id) }

    /// True when the sample was deleted and not submitted again since.
    public func wasDeleted(_ id: SampleID) -> Bool { deleted.contains(id) }

    /// The state refusal for `event`, or nil when the registry allows it.
    ///
    /// - `sample.submitted` for a live sample: `… already exists`.
    /// - any other type for a deleted sample: `… was deleted`; for an unknown one: `no sample … exists`.
    public func check(_ event: InputEvent, line: Int) -> InputError? {
        let id = event.sampleID
        if case .submitted = event.body {
            guard !live.contains(id) else {
                return InputError(line: line, field: "sample_id", message: "sample \(id) already exists")
            }
            return nil
        }
        if live.contains(id) { return nil }
        if deleted.contains(id) {
            return InputError(line: line, field: "sample_id", message: "sample \(id) was deleted")
        }
        return InputError(line: line, field: "sample_id", message: "no sample \(id) exists")
    }

    /// Records the effect of an accepted or stored event.
    /// - Complexity: O(1) on average.
    public mutating func apply(_ event: SampleEvent) {
        apply(event.body.type, to: event.sampleID)
    }

    /// Records an event of `type` about `id`: only submissions and deletions change the registry.
    public mutating func apply(_ type: EventType, to id: SampleID) {
        switch type {
        case .sampleSubmitted:
            live.insert(id)
            deleted.remove(id)
        case .sampleDeleted:
            live.remove(id)
            deleted.insert(id)
        case .nyckelResponded, .nyckelResubmitted, .sampleRelabeled:
            break
        }
    }
}
