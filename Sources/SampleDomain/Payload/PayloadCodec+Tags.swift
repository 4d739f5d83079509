import EventLog

extension PayloadCodec {
    /// The type prefix of records that mark points in the log (tags) rather than sample events.
    public static let tagTypePrefix: [UInt8] = Array("tag.".utf8)

    /// Whether `type` (a record's raw type bytes) names a tag record (`tag.…`), which is not a
    /// sample event: folds skip it and never hand it to the payload decoder.
    /// - Complexity: O(1).
    package static func isTagType(_ type: UnsafeBufferPointer<UInt8>) -> Bool {
        // Asked of every record a fold reads: four bytes compared as one word, not the shared
        // prefix array (whose reference count the decoding threads would contend for).
        guard type.count >= 4, let p = type.baseAddress else { return false }
        return UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x2E67_6174)  // "tag."
    }

    /// The sample event a stored record holds, or nil for a tag record.
    ///
    /// What every fold of the log should call: tag records (`tag.…`) and the log's own records
    /// (`log.…`: repair markers, `RepairMarker`) are skipped; anything else
    /// decodes exactly as `decode(record:)` does, errors included.
    public static func decodeSampleEvent(record: RecordView) throws(SampleEventReader.DecodeFailure) -> SampleEvent? {
        if isTagType(record.type) || RepairMarker.isLogType(record.type) { return nil }
        return try decode(record: record)
    }
}
