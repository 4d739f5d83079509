import EventLog
import Projections
import SampleDomain

/// The CLI's `ReadSource`: every read folds the log at `context.logDirectory` (from the newest
/// checkpoint before the point asked for, unless `--no-checkpoint`), as the reading commands
/// always have.
struct CommandReadSource: ReadSource {
    let context: CommandContext
    /// False for `--no-checkpoint`: checkpoints are neither read nor written.
    var useCheckpoints = true
    /// Whether an export's fold shows a progress bar (on a terminal only).
    var showsProgress = false

    var logDirectory: String { context.logDirectory }

    func reader() throws -> LogReader { try LogAccess.reader(context) }

    func projections(at position: LogPosition, validAt: Timestamp?) throws -> ProjectionSet {
        guard let validAt else { return try LogAccess.projections(context, at: position, useCheckpoints: useCheckpoints) }
        let reader = try reader()
        return try ProjectionLoader.load(reader, through: try position.resolveOption(in: reader, now: .now()), validAt: validAt)
    }

    func exportState(at position: LogPosition, validAt: Timestamp?) throws -> ExportState {
        let reader = try reader()
        let seq = try position.resolveOption(in: reader, now: .now())
        if let validAt {
            let projections = try ProjectionLoader.load(reader, through: seq, validAt: validAt)
            return ExportState(projections: projections, seq: seq, recordedAt: try ExportCommand.recordedAt(projections))
        }
        let (projections, recordedAt) = try ExportCommand.fold(
            reader, through: seq, progress: showsProgress ? Progress(context, label: "export", total: Int(seq)) : nil)
        return ExportState(projections: projections, seq: seq, recordedAt: recordedAt)
    }

    func reportState(at position: LogPosition, validAt: Timestamp?) throws -> ReportState {
        let reader = try reader()
        let seq = try position.resolveOption(in: reader, now: .now())
        if let validAt {
            let (projections, timeline) = try ReportTimeline.fold(reader, through: seq, validAt: validAt)
            return ReportState(projections: projections, timeline: timeline, seq: seq)
        }
        // From the newest checkpoint, as every reading command: the timeline and the image
        // facts are folded with the projections.
        let projections = try projections(at: .seq(seq), validAt: nil)
        return ReportState(projections: projections, timeline: projections.timeline, seq: seq)
    }

    func tags() throws -> (index: TagIndex, seq: UInt64) {
        let reader = try reader()
        let checkpoints = useCheckpoints ? CheckpointStore(logDirectory: context.logDirectory) : nil
        return (try TagLoader.load(reader, checkpoints: checkpoints), reader.lastSeq)
    }

    func now() -> Timestamp { ReportClock.now(environment: context.environment) }
}
