import EventLog

/// Folds stored records into a `SampleRegistry`: which samples exist and which were deleted.
///
/// Only submissions and deletions matter, so only their sample ids are read — from the canonical
/// payload's fixed first key when it is there (every payload tslog writes), else by decoding the
/// payload. Tag records and other event types are passed over. `change(of:)` depends on nothing
/// but the record, so it can run on the threads that check a log's sealed segments; `apply`
/// then folds the changes in seq order.
struct RegistryBuilder {
    private(set) var registry = SampleRegistry()

    /// What one record changes: a submission or deletion of a sample.
    struct Change: Sendable {
        var type: EventType
        var id: SampleID
    }

    private static let prefix: StaticString = #"{"sample_id":""#

    /// The change `record` makes, or nil for a record that changes no sample's existence.
    /// - Throws: the payload's decoding error, when its id is not where tslog writes it and the
    ///   payload does not decode.
    static func change(of record: RecordView) throws -> Change? {
        guard let type = EventType(wireName: record.type), type == .sampleSubmitted || type == .sampleDeleted else {
            return nil  // tag records, other event types
        }
        let payload = record.payload
        let prefixCount = prefix.utf8CodeUnitCount
        if record.schemaVersion == SampleSchema.schemaVersion, payload.count >= prefixCount + 36,
           let base = payload.baseAddress, bytesEqual(base, prefix.utf8Start, prefixCount),
           let id = SampleID.parse(UnsafeBufferPointer(rebasing: payload[prefixCount..<prefixCount + 36])) {
            return Change(type: type, id: id)
        }
        let event = try PayloadCodec.decode(record: record)
        return Change(type: event.body.type, id: event.sampleID)
    }

    /// Folds one change (changes must come in seq order).
    mutating func apply(_ change: Change) {
        registry.apply(change.type, to: change.id)
    }

    /// Adds one record (records must come in seq order).
    mutating func add(_ record: RecordView) throws {
        if let change = try Self.change(of: record) { apply(change) }
    }
}
