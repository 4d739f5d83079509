import EventLog
import SampleDomain

extension SampleHistory {
    /// Every event about `id` from `reader`'s log through `through` (default: its last seq): what
    /// `tslog history`, `GET /v1/samples/ID/history` and the desk's sample page show.
    ///
    /// With the per-sample index (`SampleSeqFile`) believed, only the records it names are read
    /// (each checked: checksum, seq, sample), then the records after the prefix it covers; any
    /// doubt and the whole log is scanned instead. Repair markers (`lostSeqs`) come from the
    /// index's entries under `SampleSeqFile.lostID` and the scan. The scan decodes only the records about `id`
    /// (their sample id is the payload's first key) and any record of an unknown type (so a
    /// record this tslog cannot read is still an error, as for every other read).
    ///
    /// - Complexity: O(the sample's records + records after the index's prefix) with the index;
    ///   O(log) without.
    public static func load(_ id: SampleID, from reader: LogReader, through: UInt64? = nil) throws -> SampleHistory {
        let end = min(through ?? reader.lastSeq, reader.lastSeq)
        if let located = SampleSeqFile.locate(id, in: reader), let lost = SampleSeqFile.locate(SampleSeqFile.lostID, in: reader),
           lost.coveredSeq == located.coveredSeq,
           var history = try? indexed(id, located.records, through: end, directory: reader.directory) {
            history.lostSeqs = lost.records.map(\.seq).filter { $0 <= end }
            if located.coveredSeq < end { try scan(id, reader, from: located.coveredSeq + 1, through: end, into: &history) }
            return history
        }
        var history = SampleHistory(sampleID: id)
        try scan(id, reader, from: 1, through: end, into: &history)
        return history
    }

    /// The history from the records the index names; nil when one is not what the index says.
    private static func indexed(_ id: SampleID, _ records: [(seq: UInt64, location: RecordLocation)], through end: UInt64,
                                directory: String) throws -> SampleHistory? {
        var history = SampleHistory(sampleID: id)
        let fetcher = RecordFetcher(directory: directory)
        defer { fetcher.close() }
        for (seq, location) in records where seq <= end {
            let ok = try fetcher.withRecord(at: location) { record -> Bool in
                guard record.seq == seq else { return false }
                let event = try PayloadCodec.decode(record: record)
                guard event.sampleID == id else { return false }
                history.append(seq: seq, recordedAt: record.recordedAt, eventID: record.eventID, event: event)
                return true
            }
            if !ok { return nil }
        }
        return history
    }

    private static let lead: StaticString = #"{"sample_id":""#

    /// Adds the events about `id` among records `from...through`.
    private static func scan(_ id: SampleID, _ reader: LogReader, from: UInt64, through: UInt64,
                             into history: inout SampleHistory) throws {
        let leadCount = lead.utf8CodeUnitCount
        try reader.scan(from: from, through: through) { record in
            if RepairMarker.isMarker(record) { history.lostSeqs.append(record.seq); return }
            if TagRecord.isTagType(record.type) || RepairMarker.isLogType(record.type) { return }
            let payload = record.payload
            if record.schemaVersion == SampleSchema.schemaVersion, EventType(wireName: record.type) != nil,
               payload.count >= leadCount + 36, let base = payload.baseAddress,
               bytesEqual(base, lead.utf8Start, leadCount),
               let other = SampleID.parse(UnsafeBufferPointer(rebasing: payload[leadCount..<leadCount + 36])),
               other != id {
                return  // about another sample: its id is the payload's first key
            }
            let event = try PayloadCodec.decode(record: record)
            history.append(seq: record.seq, recordedAt: record.recordedAt, eventID: record.eventID, event: event)
        }
    }
}
