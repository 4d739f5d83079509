import EventLog
import Projections
import SampleDomain

/// The few steps every reading command shares: open the log, find the point asked for, fold.
enum LogAccess {
    /// A fold that replays at least this many records saves a checkpoint of its result (unless
    /// `--no-checkpoint`); `$TSLOG_CHECKPOINT_AFTER` overrides it. See docs/performance.md.
    static let defaultCheckpointAfter: UInt64 = 100_000

    /// A reader of the log at `context.logDirectory`; a missing directory, or one that holds
    /// files but no log, is an error naming it. Files that resemble segments but are ignored (an
    /// editor's swap file) are named in a warning on standard error.
    static func reader(_ context: CommandContext) throws -> LogReader {
        try requireLogOrEmpty(directory: context.logDirectory)
        let reader = try LogReader(directory: context.logDirectory)
        warnAboutIgnoredFiles(reader.ignoredFiles, context)
        return reader
    }

    /// One warning line per ignored file beside the segments.
    static func warnAboutIgnoredFiles(_ names: [String], _ context: CommandContext) {
        for name in names {
            context.note("warning: ignoring '\(name)' in \(context.logDirectory): not a log file (dotfile, editor swap or backup file)")
        }
    }

    /// The projections as of `position`: from the newest valid checkpoint at or before it plus
    /// the records after it, or folded from the whole log when `useCheckpoints` is false
    /// (`--no-checkpoint`: checkpoints are neither read nor written). A fold that
    /// replayed many records leaves a checkpoint for the next read (best effort: a log directory
    /// the reader cannot write to just gets none).
    static func projections(_ context: CommandContext, at position: LogPosition,
                            useCheckpoints: Bool = true) throws -> ProjectionSet {
        let reader = try reader(context)
        let seq = try position.resolveOption(in: reader, now: .now(), useCheckpoints: useCheckpoints)
        guard useCheckpoints else {
            return try ProjectionLoader.load(reader, through: seq)
        }
        let store = CheckpointStore(logDirectory: context.logDirectory)
        let outcome = try ProjectionLoader.load(reader, through: seq, checkpoints: store)
        ProjectionLoader.saveCheckpoint(outcome, to: store, minimumReplay: checkpointAfter(context))
        return outcome.projections
    }

    /// How many replayed records make a fold worth checkpointing.
    static func checkpointAfter(_ context: CommandContext) -> UInt64 {
        context.environment["TSLOG_CHECKPOINT_AFTER"].flatMap { UInt64($0) } ?? defaultCheckpointAfter
    }

    /// The width tables may use: the terminal's when stdout is one, else unlimited.
    static func tableWidth(_ context: CommandContext) -> Int? {
        context.terminal.isTerminal ? context.terminal.width : nil
    }
}
