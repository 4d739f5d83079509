import EventLog
import Projections
import SampleDomain

/// The few steps every reading command shares: open the log, find the point asked for, fold.
enum LogAccess {
    /// A reader of the log at `context.logDirectory`; a missing directory is an error naming it.
    static func reader(_ context: CommandContext) throws -> LogReader {
        try LogReader(directory: context.logDirectory)
    }

    /// The projections as of `position`, and the seq they reflect.
    static func projections(_ context: CommandContext, at position: LogPosition) throws -> ProjectionSet {
        let reader = try reader(context)
        let seq = try position.resolve(in: reader, now: .now())
        return try ProjectionLoader.load(reader, through: seq)
    }

    /// The width tables may use: the terminal's when stdout is one, else unlimited.
    static func tableWidth(_ context: CommandContext) -> Int? {
        context.terminal.isTerminal ? context.terminal.width : nil
    }
}
