import EventLog
import Foundation
@testable import Projections
import SampleDomain

/// Runs `body` with a fresh temporary directory path for a log (not yet created), removed afterwards.
func withTempLogDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let base = NSTemporaryDirectory() + "projections-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: base) }
    return try body(base + "/log")
}

/// Writes `events` to a log at `dir` through `LogWriter`, with a tag record (`tag.created`,
/// which is no sample event) after every `tagEvery`-th event, in segments of `segmentBytes`.
/// Returns the seqs of the sample events, in order.
@discardableResult
func writeLog(_ dir: String, _ events: [SampleEvent], tagEvery: Int = 0, segmentBytes: Int = 64 << 20) throws -> [UInt64] {
    var options = LogOptions()
    options.segmentMaxBytes = segmentBytes
    let writer = try LogWriter.open(directory: dir, options: options)
    defer { try? writer.close() }
    var records: [NewRecord] = []
    var seqs: [UInt64] = []
    for (n, event) in events.enumerated() {
        records.append(NewRecord(type: event.body.type.rawValue, schemaVersion: 1, eventID: nil,
                                 payload: PayloadCodec.encode(event), recordedAt: nil))
        seqs.append(UInt64(records.count))
        if tagEvery > 0, n % tagEvery == tagEvery - 1 {
            // Deliberately not a sample payload: a fold that decoded it would fail.
            records.append(NewRecord(type: "tag.created", schemaVersion: 1, eventID: nil,
                                     payload: Array(#"{"name":"v\#(n)","note":"not a sample"}"#.utf8), recordedAt: nil))
        }
    }
    if !records.isEmpty { _ = try writer.append(records) }
    return seqs
}

/// Every query's answer (with a spread of options) and every row, as text: two sets that print
/// the same here answer every question the same.
func everyAnswer(_ set: ProjectionSet, ids: [SampleID], labels: [String]) throws -> [String] {
    var out: [String] = []
    for name in QueryName.allCases {
        var variants: [QueryOptions] = []
        for type in [nil] + LabelType.allCases.map(Optional.some) {
            var o = QueryOptions()
            o.labelType = type
            o.limit = 1000
            o.days = 1000
            o.below = 1000
            for label in labels {
                o.label = label
                variants.append(o)
            }
        }
        for o in variants where name == .samples || o.label == labels.first {
            out.append("\(name.rawValue) \(o.labelType?.rawValue ?? "-") \(o.label ?? "-"): \(try set.query(name, o).texts)")
        }
    }
    for id in ids { out.append("\(id): \(String(describing: set.row(id)))") }
    out.append("live \(set.liveCount)")
    return out
}
