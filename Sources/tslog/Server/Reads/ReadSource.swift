import EventLog
import Projections
import SampleDomain

/// Where a read gets the state it answers from.
///
/// A reading command renders its answer from a source, never from the log directly, so the CLI
/// and the HTTP server run the same rendering code and print the same bytes: the CLI's source
/// folds the log (from a checkpoint when it can, `CommandReadSource`); the server's answers
/// reads at the end of the log from its live projections and folds only for reads as of an
/// earlier point (`LiveReadSource`).
protocol ReadSource {
    /// The log directory, as given (the report prints it).
    var logDirectory: String { get }

    /// A reader of the log as it is now.
    func reader() throws -> LogReader

    /// The projections as of `position`; with `validAt`, the table as it stood at that valid
    /// time as the log knew it at `position` (`ValidTimeOrder`).
    /// - Throws: `PositionError` for a position the log does not have; storage errors.
    func projections(at position: LogPosition, validAt: Timestamp?) throws -> ProjectionSet

    /// What `tslog export` exports from: the projections as of `position` (and `validAt`) and
    /// when the record at their seq was recorded (nil for seq 0).
    func exportState(at position: LogPosition, validAt: Timestamp?) throws -> ExportState

    /// What `tslog report` draws: the projections and the timeline through `position` (in
    /// valid-time order up to `validAt`, when given).
    func reportState(at position: LogPosition, validAt: Timestamp?) throws -> ReportState

    /// The tags the log holds now, and the seq they reflect.
    func tags() throws -> (index: TagIndex, seq: UInt64)

    /// The time a report says it was generated at.
    func now() -> Timestamp
}

extension ReadSource {
    func projections(at position: LogPosition) throws -> ProjectionSet { try projections(at: position, validAt: nil) }
    func exportState(at position: LogPosition) throws -> ExportState { try exportState(at: position, validAt: nil) }
    func reportState(at position: LogPosition) throws -> ReportState { try reportState(at: position, validAt: nil) }
}

/// The state an export is written from.
struct ExportState {
    var projections: ProjectionSet
    /// The seq exported (every record through it is reflected).
    var seq: UInt64
    /// When the record at `seq` was recorded; nil for seq 0.
    var recordedAt: Timestamp?
}

/// The state a report page is drawn from.
struct ReportState {
    var projections: ProjectionSet
    var timeline: ReportTimeline
    /// The seq the page reflects.
    var seq: UInt64
    /// The image facts of the whole log, when the fold that made `projections` collected them
    /// (it reached the log's end); nil: the images section reads them itself.
    var images: ImageLedger? = nil
}

/// The clock of `tslog report`'s "generated" line: `$SOURCE_DATE_EPOCH` (seconds since 1970,
/// the reproducible-builds convention) when set, else now. Setting it makes the page a pure
/// function of the log, which is how tests compare the CLI's page with the server's.
enum ReportClock {
    static func now(environment: [String: String]) -> Timestamp {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) {
            return Timestamp(microseconds: seconds * 1_000_000)
        }
        return .now()
    }
}
