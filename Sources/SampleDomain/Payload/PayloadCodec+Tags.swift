import EventLog

extension PayloadCodec {
    /// The sample event a stored record holds, or nil for a tag record.
    ///
    /// What every fold of the log should call: tag records (`tag.…`) and the log's own records
    /// (`log.…`: repair markers, `RepairMarker`) are skipped; anything else
    /// decodes exactly as `decode(record:)` does, errors included.
    public static func decodeSampleEvent(record: RecordView) throws(SampleEventReader.DecodeFailure) -> SampleEvent? {
        if TagRecord.isTagType(record.type) || RepairMarker.isLogType(record.type) { return nil }
        return try decode(record: record)
    }
}
