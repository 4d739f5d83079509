import EventLog
import SampleDomain

/// Nasty random operations for differential testing: an endless stream of every event type, each
/// one valid against the stream so far (it tracks which samples are live and which were deleted),
/// full of edge cases (see `NastyValues`): labels differing by case or a trailing space, Unicode,
/// quotes and commas, many samples created at the same instant, times at 00:00:00.000000 and
/// 23:59:59.999999 UTC, years 0001 and 9999, relabels across label types, deletion then a new
/// submission of the same id, resubmission after an error, bursts of responses, metadata updates
/// that set and clear every column, optional fields
/// absent, present or `null`, and input lines spelled in every accepted way.
///
/// Deterministic: the same seed gives the same stream everywhere.
public struct RandomOperationGenerator: Sendable {
    var rng: SplitMix64
    let seed: UInt64
    /// Operations made so far.
    public private(set) var count: UInt64 = 0
    /// Live samples (order of arrival, swap-removed), their positions, and their Nyckel status.
    var live: [SampleID] = []
    var position: [SampleID: Int] = [:]
    var status: [SampleID: NyckelStatus] = [:]
    /// Samples deleted and not submitted again.
    var deleted: [SampleID] = []
    /// A sample receiving several responses in a row, and how many are left.
    var burst: (id: SampleID, left: Int)?
    /// Instants shared by many samples.
    let ties: [Timestamp]
    /// Days whose first and last microsecond are used.
    let boundaryDays: [Int64]

    public init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        self.seed = seed
        let base = NastyValues.base.microseconds
        ties = (0..<3).map { i in
            Timestamp(microseconds: base + Int64(rng.below(60)) * NastyValues.day + Int64(rng.below(86_400)) * 1_000_000
                + (i == 0 ? 0 : Int64(rng.below(1_000_000))))
        }
        boundaryDays = (0..<3).map { _ in base / NastyValues.day + Int64(rng.below(60)) }
        self.rng = rng
    }

    /// The next operation, always valid against every operation returned before it.
    public mutating func next() -> GeneratedEvent {
        count += 1
        let event = makeEvent()
        let eventID: String?
        switch rng.below(10) {
        case 0...5: eventID = "rand-\(seed)-\(count)"
        case 6: eventID = "rand-\(seed)-\(count)-\"q\",\u{E9}🙂"
        default: eventID = nil
        }
        var style = InputLine.Style()
        style.uppercaseID = rng.chance(15)
        style.explicitNulls = rng.chance(20)
        style.time = rng.weighted([
            (InputLine.TimeSpelling.microseconds, 55), (.shortest, 20), (.nanoseconds, 10),
            (.offset(minutes: rng.pick([330, -480, 840, -720, 0, 45]) ), 15),
        ])
        return GeneratedEvent(eventID: eventID, event: event, inputLine: InputLine.encode(event, eventID: eventID, style: style))
    }

    /// Up to `n` operations.
    public mutating func next(_ n: Int) -> [GeneratedEvent] { (0..<Swift.max(0, n)).map { _ in next() } }

    enum Operation { case submitNew, submitDeleted, respond, resubmit, relabel, update, delete }

    mutating func makeEvent() -> SampleEvent {
        let time = randomTime()
        if let b = burst, position[b.id] != nil {
            burst = b.left > 1 ? (b.id, b.left - 1) : nil
            return SampleEvent(sampleID: b.id, occurredAt: time, body: respond(b.id))
        }
        burst = nil
        var choices: [(Operation, Int)] = [(.submitNew, 30)]
        if !deleted.isEmpty { choices.append((.submitDeleted, 6)) }
        if !live.isEmpty {
            choices += [(.respond, 25), (.resubmit, 10), (.relabel, 15), (.update, 12), (.delete, 10)]
        }
        switch rng.weighted(choices) {
        case .submitNew:
            var id = rng.chance(12) ? rng.pick(NastyValues.edgeIDs) : (rng.chance(80) ? rng.sampleID() : SampleID(high: rng.next(), low: rng.next()))
            if position[id] != nil { id = rng.sampleID() }
            return submit(id, at: time)
        case .submitDeleted:
            return submit(rng.pick(deleted), at: time)
        case .respond:
            let id = rng.pick(live)
            if rng.chance(8) { burst = (id, rng.int(in: 2...7)) }
            return SampleEvent(sampleID: id, occurredAt: time, body: respond(id))
        case .resubmit:
            let errored = live.filter { status[$0] == .error }
            let id = !errored.isEmpty && rng.chance(70) ? rng.pick(errored) : rng.pick(live)
            status[id] = .submitted
            let fn = rng.chance(50) ? rng.pick(NastyValues.functionIDs) : nil
            return SampleEvent(sampleID: id, occurredAt: time, body: .resubmitted(NyckelResubmitted(nyckelFunctionID: fn)))
        case .relabel:
            let r = SampleRelabeled(label: rng.pick(NastyValues.labels),
                                    labelType: rng.chance(50) ? rng.pick(LabelType.allCases) : nil,
                                    reason: optionalText(), actor: optionalText())
            return SampleEvent(sampleID: rng.pick(live), occurredAt: time, body: .relabeled(r))
        case .update:
            return SampleEvent(sampleID: rng.pick(live), occurredAt: time, body: .updated(update()))
        case .delete:
            let id = rng.pick(live)
            removeLive(id)
            deleted.append(id)
            return SampleEvent(sampleID: id, occurredAt: time, body: .deleted(SampleDeleted(reason: optionalText(), actor: optionalText())))
        }
    }

    mutating func removeLive(_ id: SampleID) {
        guard let i = position.removeValue(forKey: id) else { return }
        let last = live.removeLast()
        if i < live.count { live[i] = last; position[last] = i }
        status[id] = nil
    }

    mutating func optionalText() -> String? { rng.chance(50) ? rng.pick(NastyValues.texts) : nil }
}
