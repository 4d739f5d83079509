import EventLog

/// Folds stored records into a `SampleRegistry`: which samples exist and which were deleted.
///
/// Only submissions and deletions matter, so only their sample ids are read — from the canonical
/// payload's fixed first key when it is there (every payload tslog writes), else by decoding the
/// payload. Tag records and other event types are passed over.
struct RegistryBuilder {
    private(set) var registry = SampleRegistry()

    private static let submitted = Array(EventType.sampleSubmitted.rawValue.utf8)
    private static let deleted = Array(EventType.sampleDeleted.rawValue.utf8)
    private static let prefix = Array(#"{"sample_id":""#.utf8)

    /// Adds one record (records must come in seq order).
    mutating func add(_ record: RecordView) throws {
        let type: EventType
        if TagRecord.isTagType(record.type) { return }
        if record.type.elementsEqual(Self.submitted) { type = .sampleSubmitted }
        else if record.type.elementsEqual(Self.deleted) { type = .sampleDeleted }
        else { return }
        let payload = record.payload
        let prefix = Self.prefix
        if record.schemaVersion == SampleSchema.schemaVersion, payload.count >= prefix.count + 36,
           payload.prefix(prefix.count).elementsEqual(prefix),
           let id = SampleID.parse(UnsafeBufferPointer(rebasing: payload[prefix.count..<prefix.count + 36])) {
            registry.apply(type, to: id)
        } else {
            registry.apply(try PayloadCodec.decode(record: record))
        }
    }
}
