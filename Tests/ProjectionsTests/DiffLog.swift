import EventLog
import Foundation
@testable import Projections
import SampleDomain

/// A log on disk built from hand-written steps, for the diff tests. Remove it with `remove()`.
final class DiffLog {
    let directory: String
    private let writer: LogWriter
    private var time = t0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-diff-\(UUID().uuidString)").path
        writer = try LogWriter.open(directory: directory, options: LogOptions(durable: false))
    }

    /// Appends one sample event; returns its seq.
    @discardableResult
    func add(_ id: SampleID, _ body: EventBody) throws -> UInt64 {
        time = Timestamp(microseconds: time.microseconds + 1_000_000)
        let event = SampleEvent(sampleID: id, occurredAt: time, body: body)
        let record = NewRecord(type: body.type.rawValue, payload: PayloadCodec.encode(event))
        return try writer.append([record])?.lastSeq ?? 0
    }

    /// Appends a tag record naming `seq` (nil: the end); returns the tag record's seq.
    @discardableResult
    func tag(_ name: String, at seq: UInt64? = nil) throws -> UInt64 {
        let record = TagRecord(name: try TagName(name), seq: seq ?? writer.lastSeq)
        return try writer.append([record.newRecord])?.lastSeq ?? 0
    }

    var lastSeq: UInt64 { writer.lastSeq }

    func diff(_ from: UInt64, _ to: UInt64, _ filter: DiffFilter = DiffFilter()) throws -> DatasetDiff {
        try DatasetDiff.compute(try LogReader(directory: directory), from: from, to: to, filter: filter)
    }

    func remove() {
        try? writer.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

func relabeled(_ label: String, _ type: LabelType? = nil) -> EventBody { .relabeled(SampleRelabeled(label: label, labelType: type)) }
let deleted = EventBody.deleted(SampleDeleted(reason: "dup"))
let resubmitted = EventBody.resubmitted(NyckelResubmitted(nyckelFunctionID: "fn-2"))
