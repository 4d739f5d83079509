import EventLog
import Projections
import SampleDomain

/// The server's `ReadSource`: a read at the end of the log answers from one snapshot of the
/// live state (nothing is folded); a read as of an earlier point folds as the CLI does, from the
/// newest checkpoint before it.
///
/// A position is resolved against the snapshot: "the end" is the snapshot's seq (not whatever
/// was committed a moment later), and a tag is looked up in the snapshot's tags, so a response
/// reflects exactly one seq.
struct LiveReadSource: ReadSource {
    let live: LiveState
    let logDirectory: String
    /// Where as-of reads start from and leave checkpoints (nil: fold from the start).
    let checkpoints: CheckpointStore?
    /// A fold that replayed this many records leaves a checkpoint.
    let checkpointAfter: UInt64
    /// The server's environment (for `SOURCE_DATE_EPOCH`).
    let environment: [String: String]
    /// The snapshot this request reads at, taken when the source was made.
    let snapshot: LiveSnapshot

    init(live: LiveState, logDirectory: String, checkpoints: CheckpointStore?, checkpointAfter: UInt64,
         environment: [String: String]) {
        self.live = live
        self.logDirectory = logDirectory
        self.checkpoints = checkpoints
        self.checkpointAfter = checkpointAfter
        self.environment = environment
        snapshot = live.snapshot()
    }

    func reader() throws -> LogReader { try LogReader(directory: logDirectory) }

    /// The seq `position` names, as of the snapshot.
    func resolve(_ position: LogPosition) throws -> UInt64 {
        switch position {
        case .end:
            return snapshot.seq
        case .tag(let name):
            do {
                return try snapshot.tags.tag(named: name).seq
            } catch {
                throw PositionError(message: error.description)
            }
        case .seq, .time:
            return try position.resolve(in: reader(), now: .now())
        }
    }

    func projections(at position: LogPosition, validAt: Timestamp?) throws -> ProjectionSet {
        let seq = try resolve(position)
        if let validAt { return try ProjectionLoader.load(reader(), through: seq, validAt: validAt) }
        if seq == snapshot.seq { return snapshot.projections }
        let outcome = try ProjectionLoader.load(reader(), through: seq, checkpoints: checkpoints)
        if let checkpoints { ProjectionLoader.saveCheckpoint(outcome, to: checkpoints, minimumReplay: checkpointAfter) }
        return outcome.projections
    }

    func exportState(at position: LogPosition, validAt: Timestamp?) throws -> ExportState {
        let seq = try resolve(position)
        if let validAt {
            let projections = try ProjectionLoader.load(reader(), through: seq, validAt: validAt)
            return ExportState(projections: projections, seq: seq, recordedAt: try ExportCommand.recordedAt(projections))
        }
        guard seq == snapshot.seq else {
            let (projections, recordedAt) = try ExportCommand.fold(reader(), through: seq)
            return ExportState(projections: projections, seq: seq, recordedAt: recordedAt)
        }
        let projections = snapshot.projections
        let recordedAt = try projections.lastLocation.flatMap { location in
            try projections.rowSource?.withRecord(at: location) { $0.recordedAt }
        }
        return ExportState(projections: projections, seq: seq, recordedAt: recordedAt)
    }

    func reportState(at position: LogPosition, validAt: Timestamp?) throws -> ReportState {
        let current = try live.reportSnapshot()
        let seq = position == .end ? current.seq : try resolve(position)
        if let validAt {
            let (projections, timeline) = try ReportTimeline.fold(reader(), through: seq, validAt: validAt)
            return ReportState(projections: projections, timeline: timeline, seq: seq)
        }
        if seq == current.seq, let timeline = current.timeline {
            return ReportState(projections: current.projections, timeline: timeline, seq: seq)
        }
        let (projections, timeline) = try ReportTimeline.fold(reader(), through: seq)
        return ReportState(projections: projections, timeline: timeline, seq: seq)
    }

    func tags() throws -> (index: TagIndex, seq: UInt64) { (snapshot.tags, snapshot.seq) }

    func now() -> Timestamp { ReportClock.now(environment: environment) }
}
