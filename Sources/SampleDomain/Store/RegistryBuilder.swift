import EventLog

/// Folds stored records into a `SampleRegistry`: which samples exist, which were deleted, and
/// each sample's last seq.
///
/// Only the type and the sample id of each record are read — the id from the canonical
/// payload's fixed first key when it is there (every payload tslog writes), else by decoding the
/// payload. Tag records are passed over. `change(of:)` depends on nothing but the record, so it
/// can run on other threads; `apply` then folds the changes in seq order.
struct RegistryBuilder {
    private(set) var registry: SampleRegistry

    init(_ registry: SampleRegistry = SampleRegistry()) { self.registry = registry }

    /// What one record says about a sample: its type, the sample, the record's seq.
    struct Change: Sendable {
        var type: EventType
        var id: SampleID
        var seq: UInt64 = 0
    }

    private static let prefix: StaticString = #"{"sample_id":""#

    /// The change `record` makes, or nil for a record that changes no sample's existence.
    /// - Throws: the payload's decoding error, when its id is not where tslog writes it and the
    ///   payload does not decode.
    static func change(of record: RecordView) throws -> Change? {
        guard let type = EventType(wireName: record.type) else {
            return nil  // tag records
        }
        let payload = record.payload
        let prefixCount = prefix.utf8CodeUnitCount
        if record.schemaVersion == SampleSchema.schemaVersion, payload.count >= prefixCount + 36,
           let base = payload.baseAddress, bytesEqual(base, prefix.utf8Start, prefixCount),
           let id = SampleID.parse(UnsafeBufferPointer(rebasing: payload[prefixCount..<prefixCount + 36])) {
            return Change(type: type, id: id, seq: record.seq)
        }
        let event = try PayloadCodec.decode(record: record)
        return Change(type: event.body.type, id: event.sampleID, seq: record.seq)
    }

    /// Folds one change (changes must come in seq order).
    mutating func apply(_ change: Change) {
        registry.apply(change.type, to: change.id, seq: change.seq)
    }

    /// Adds one record (records must come in seq order).
    mutating func add(_ record: RecordView) throws {
        if let change = try Self.change(of: record) { apply(change) }
    }
}
