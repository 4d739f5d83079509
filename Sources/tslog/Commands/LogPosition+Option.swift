import EventLog
import Projections

extension LogPosition {
    /// The option that gives this position on the command line (`SharedOptions.asOf`), nil
    /// for the end of the log.
    var asOfOption: String? {
        switch self {
        case .end: nil
        case .seq: SharedOptions.asOfSeq.name
        case .time: SharedOptions.asOf.name
        case .tag: SharedOptions.asOfTag.name
        }
    }

    /// `resolve(in:now:useCheckpoints:)` for a position an option gave (`option`, else the
    /// `--as-of…` one): one the log does not have (a seq past the end, a time in the future, an
    /// unknown tag) fails naming the option — `option '--as-of-seq': seq 99 is beyond the end
    /// of the log, …` — as the read endpoints name the parameter (`parameter 'as_of_seq': …`,
    /// 400). Exit 1, not 64: the value is well formed, this log just lacks it.
    func resolveOption(_ option: String? = nil, in reader: LogReader, now: Timestamp, useCheckpoints: Bool = true) throws -> UInt64 {
        do {
            return try resolve(in: reader, now: now, useCheckpoints: useCheckpoints)
        } catch let error as PositionError {
            guard let option = option ?? asOfOption else { throw error }
            throw CLIFailure.runtime("option '\(option)': \(error.message)")
        }
    }
}
