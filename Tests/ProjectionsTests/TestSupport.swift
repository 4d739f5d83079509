import EventLog
@testable import Projections
import SampleDomain

/// Sample id number `n` (its last bytes), so ids sort as their numbers do.
func sid(_ n: UInt64, high: UInt64 = 0) -> SampleID { SampleID(high: high, low: n) }

/// A time from RFC 3339 text; traps on a typo in the test itself.
func at(_ text: String) -> Timestamp {
    guard let t = Timestamp(rfc3339: text) else { preconditionFailure("bad test time \(text)") }
    return t
}

let t0 = at("2026-11-25T12:00:00Z")

func submitted(_ label: String, _ type: LabelType = .grade, url: String? = nil, scan: String? = nil,
               region: String? = nil, crop: CropData? = nil, function: String? = nil) -> EventBody {
    .submitted(SampleSubmitted(imageURL: url ?? "https://img/\(label).jpg", imagePath: "training-data/\(label).jpg",
                               label: label, labelType: type, nyckelFunctionID: function, sourceScanID: scan,
                               regionName: region, cropData: crop))
}

func responded(_ status: ResponseStatus, nyckelID: String? = nil, error: String? = nil) -> EventBody {
    .responded(NyckelResponded(status: status, nyckelSampleID: nyckelID, error: error))
}

/// Builds a `ProjectionSet` by appending events with consecutive seqs, keeping the events too.
struct Fold {
    var set = ProjectionSet()
    var events: [(seq: UInt64, event: SampleEvent)] = []

    mutating func add(_ id: SampleID, _ when: Timestamp, _ body: EventBody) {
        let event = SampleEvent(sampleID: id, occurredAt: when, body: body)
        let seq = UInt64(events.count + 1)
        events.append((seq, event))
        set.apply(event, seq: seq)
    }

    func query(_ name: QueryName, _ configure: (inout QueryOptions) -> Void = { _ in }) throws -> ResultTable {
        var options = QueryOptions()
        configure(&options)
        return try set.query(name, options)
    }
}

extension ResultTable {
    /// The rows' cells as plain text (nil for NULL), for compact expectations.
    var texts: [[String?]] { rows.map { $0.map(\.plainText) } }
}
