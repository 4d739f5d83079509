import EventLog

/// The frozen payload (`data`) format of schema version 1: writes and reads the JSON object each
/// stored record carries.
///
/// The format must not drift: stored logs are read forever. Keys are `sample_id` (lowercase
/// UUID), `occurred_at` (RFC 3339 UTC, six fraction digits), then the type's fields in the
/// order its declaration gives them (`Sources/SampleDomain/Events/`, listed in docs/events.md),
/// optional fields omitted when absent (never `null`). A change to any of this is a new schema
/// version (`SampleSchema`), never an edit.
public enum PayloadCodec {
    /// The payload bytes of `event`: compact JSON, keys in the frozen order.
    ///
    /// Written by `PayloadWriter`, the one writer of payload bytes, with one allocation for the
    /// common payload; the bytes are exactly those `JSONWriter` would write, which
    /// `PayloadCodecTests` pin.
    /// - Complexity: O(payload bytes).
    public static func encode(_ event: SampleEvent) -> [UInt8] {
        let table = event.body.type.table
        let values = event.body.payload.fieldValues
        var capacity = 96  // braces, sample_id and occurred_at
        for (n, value) in values.enumerated() {
            if let value {
                capacity += table.literals[n].count + 2
                if case .text(let s) = value { capacity += s.utf8.count } else { capacity += 96 }
            }
        }
        var writer = PayloadWriter(sampleID: event.sampleID, occurredAt: event.occurredAt, capacity: capacity)
        for (n, value) in values.enumerated() {
            if let value { writer.write(table.literals[n], value) }
        }
        return writer.finish()
    }
}
