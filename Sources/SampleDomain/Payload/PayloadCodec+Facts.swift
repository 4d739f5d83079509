import EventLog

extension PayloadCodec {
    /// The facts of the sample event a stored record holds, or nil for a tag record; its label
    /// and function id are appended to `text`, which the facts' spans name.
    ///
    /// Accepts and refuses exactly the records `decodeSampleEvent(record:)` does, with the same
    /// errors, and for an accepted record returns `EventFacts(decodeSampleEvent(record:), text:)`;
    /// it only skips building the strings the projections do not keep. A refused record leaves
    /// `text` as it was.
    public static func decodeFacts(record: RecordView, text: inout [UInt8]) throws(SampleEventReader.DecodeFailure) -> EventFacts? {
        if TagRecord.isTagType(record.type) || RepairMarker.isLogType(record.type) { return nil }
        return try decoding(record) { (type, payload) throws(PayloadError) in try decodeFacts(type: type, payload: payload, text: &text) }
    }

    /// `decodeFacts` of a payload whose record `type` is given as raw bytes.
    /// - Throws: `PayloadError`, as `decode(type:payload:)` would.
    static func decodeFacts(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>,
                            text: inout [UInt8]) throws(PayloadError) -> EventFacts {
        if let t = EventType(wireName: type) { return try decodeFacts(type: t, payload: payload, text: &text) }
        _ = try decode(type: type, payload: payload)  // throws the unknown-type error
        preconditionFailure("decode accepted an unknown event type")
    }

    /// The facts of a payload of type `type`, every field checked as `decode(type:payload:)` does.
    static func decodeFacts(type: EventType, payload: UnsafeBufferPointer<UInt8>, text: inout [UInt8]) throws(PayloadError) -> EventFacts {
        if let facts = canonicalFacts(type: type, payload: payload, text: &text) { return facts }
        let mark = text.count
        do {
            return try decodeFacts(type: type, payload: payload, appendingTo: &text)
        } catch {
            text.removeSubrange(mark...)
            throw error
        }
    }

    private static func decodeFacts(type: EventType, payload: UnsafeBufferPointer<UInt8>,
                                    appendingTo text: inout [UInt8]) throws(PayloadError) -> EventFacts {
        var r = PayloadReader(payload, type: type)
        let table = type.table
        var facts = EventFacts(sampleID: SampleID(high: 0, low: 0), occurredAt: Timestamp(microseconds: 0), type: type)
        let (id, at) = try readObject(&r, table.keys) { (r: inout PayloadReader, k: Int) throws(PayloadError) in
            try r.fact(table.fields[k - 2], canonical: false, &facts, &text)
        }
        facts.sampleID = id
        facts.occurredAt = at
        return facts
    }
}
