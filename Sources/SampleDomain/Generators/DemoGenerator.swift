import EventLog

/// A realistic demo stream: training sessions over the ~120 days before `end`, labelled like the
/// app's guide, answered by Nyckel (mostly accepted, some rejected, a few errors, some of those
/// resubmitted and answered), with a few relabels and deletions.
///
/// Deterministic: the same seed, sample count and end give the same events, event ids
/// (`demo-<seed>-<n>`, n from 1) and input lines, byte for byte, everywhere. Events come out in
/// `occurred_at` order (non-decreasing), and every event is valid against those before it.
public struct DemoGenerator: Sequence, IteratorProtocol, Sendable {
    /// The default end of the demo window: 2026-11-20T00:00:00Z, fixed so demos never drift.
    public static let defaultEnd = Timestamp(microseconds: 1_795_132_800_000_000)

    var rng: SplitMix64
    let seed: UInt64
    let samples: Int
    let start: Timestamp
    let window: Int64
    /// Sample submissions made so far, and when the last one happened.
    var submitted = 0
    var lastSubmission: Timestamp
    /// Submissions left in the current session, its scan and time.
    var sessionLeft = 0
    var sessionScan: String?
    var nextSubmission: Timestamp
    var pending = PendingEvents()
    var emitted: UInt64 = 0
    /// The Supabase project ref and one Nyckel function id per label type.
    let project: String
    let functions: [LabelType: String]
    /// The seconds between two submissions of a session: 4–45 s, narrowed when the samples are
    /// so many that sessions at that pace would run past the window (more than ~420,000 in
    /// 120 days); the end is then still kept.
    let sessionGap: ClosedRange<Int>
    /// What is planned for the sample submitted last: its last Nyckel answer (nil: none), its
    /// label after any relabel, and whether it will be deleted (`DemoImages` pictures the ones a
    /// reviewer sees first).
    public internal(set) var lastPlan: Plan?

    /// A submitted sample's future, as decided when it was submitted.
    public struct Plan: Sendable {
        public var finalStatus: ResponseStatus?
        public var finalLabel: String
        public var deleted: Bool
    }

    /// - Parameters:
    ///   - seed: fixes every choice.
    ///   - samples: how many samples are submitted (each brings 1 to about 5 events).
    ///   - end: no event happens at or after this time; submissions stop a day before it.
    public init(seed: UInt64, samples: Int, end: Timestamp = DemoGenerator.defaultEnd) {
        var rng = SplitMix64(seed: seed)
        self.seed = seed
        self.samples = Swift.max(0, samples)
        let day: Int64 = 86_400_000_000
        start = Timestamp(microseconds: end.microseconds - 121 * day)
        window = 120 * day
        lastSubmission = start
        nextSubmission = start
        project = rng.token(20, alphabet: "abcdefghijklmnopqrstuvwxyz")
        var functions: [LabelType: String] = [:]
        for type in LabelType.allCases { functions[type] = rng.token(16) }
        self.functions = functions
        self.rng = rng
        let perSample = self.samples > 0 ? Int(window / Int64(self.samples) / 1_000_000) : 45
        let widest = Swift.min(45, Swift.max(1, perSample))
        sessionGap = Swift.min(4, widest)...widest
        if self.samples > 0 { planSubmission() }
    }

    public mutating func next() -> GeneratedEvent? {
        let event: SampleEvent
        if submitted < samples, pending.earliest.map({ $0 > nextSubmission }) ?? true {
            event = submitSample(at: nextSubmission)
            submitted += 1
            if submitted < samples { planSubmission() }
        } else if let waiting = pending.popEarliest() {
            event = waiting
        } else {
            return nil
        }
        emitted += 1
        return GeneratedEvent(eventID: "demo-\(seed)-\(emitted)", event: event)
    }

    /// Picks the time of the next submission: inside the current session a few seconds after the
    /// last one; otherwise a new session placed by how far through the samples we are.
    mutating func planSubmission() {
        if sessionLeft > 0 {
            sessionLeft -= 1
            nextSubmission = later(lastSubmission, seconds: sessionGap)
        } else {
            sessionLeft = rng.int(in: 0...23)
            sessionScan = rng.chance(60) ? rng.sampleID().description : nil
            // window × submitted overflows Int64 past ~890,000 samples: multiply and divide at full width.
            let share = Int64(samples).dividingFullWidth(window.multipliedFullWidth(by: Int64(submitted))).quotient
            let planned = start.microseconds + share
                + Int64(rng.below(Int(window / Int64(samples) / 2 + 1)))
            nextSubmission = Timestamp(microseconds: Swift.max(planned, lastSubmission.microseconds + 1_000_000))
        }
        lastSubmission = nextSubmission
    }

    /// `t` plus a random number of whole seconds in `seconds` and random microseconds.
    mutating func later(_ t: Timestamp, seconds: ClosedRange<Int>) -> Timestamp {
        Timestamp(microseconds: t.microseconds + Int64(rng.int(in: seconds)) * 1_000_000 + Int64(rng.below(1_000_000)))
    }
}
