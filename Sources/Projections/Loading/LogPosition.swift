import EventLog
import SampleDomain

/// A point in the log that a read answers as of.
public enum LogPosition: Sendable, Equatable {
    /// The whole log as it is now.
    case end
    /// As if the log ended at this sequence number (0: before the first record).
    case seq(UInt64)
    /// As of the last record recorded at or before this time (inclusive).
    case time(Timestamp)
    /// The position a tag names (`tslog tag`): the seq its latest `tag.set` record gives.
    case tag(String)
}

/// A position that does not exist in this log.
public struct PositionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}

extension LogPosition {
    /// The sequence number this position stands for in `reader`'s log.
    ///
    /// A sequence number past the end, or a time later than now, is an error that says where the
    /// log ends. A time before the first record resolves to 0 (an empty log). An unknown tag is an
    /// error listing the tags there are. A tag is looked up in the log's newest valid checkpoint
    /// and the records after it (`TagLoader`), or with `useCheckpoints` false in every record.
    public func resolve(in reader: LogReader, now: Timestamp, useCheckpoints: Bool = true) throws -> UInt64 {
        let last = reader.lastSeq
        switch self {
        case .end:
            return last
        case .seq(let n):
            guard n <= last else {
                throw PositionError(message: "seq \(n) is beyond the end of the log, which ends at seq \(last)\(try endTime(reader))")
            }
            return n
        case .time(let t):
            guard t <= now else {
                throw PositionError(message: "\(t.rfc3339()) is in the future; the log ends at seq \(last)\(try endTime(reader))")
            }
            return try reader.seq(atOrBefore: t) ?? 0
        case .tag(let name):
            do {
                let checkpoints = useCheckpoints ? CheckpointStore(logDirectory: reader.directory) : nil
                return try TagLoader.load(reader, checkpoints: checkpoints).tag(named: name).seq
            } catch let error as TagError {
                throw PositionError(message: error.description)
            }
        }
    }

    private func endTime(_ reader: LogReader) throws -> String {
        guard let t = try reader.lastRecordedAt() else { return "" }
        return ", recorded at \(t.rfc3339())"
    }
}
