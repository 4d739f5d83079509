import EventLog

extension PayloadCodec {
    /// `decodeFacts` for a payload laid out exactly as `encode` writes it: keys in the frozen
    /// order, no whitespace, no nulls — every payload tslog itself stored.
    ///
    /// Each key is matched as one literal, with the quote and comma before it and the colon
    /// after, instead of being found, looked up and checked for repeats; each value is read by
    /// the same readers the general decoder uses. So an accepted payload gives exactly the
    /// general decoder's facts. Anything else — another layout, or a value the readers refuse —
    /// gives nil with `text` unchanged, and the caller decodes the general way, which gives the
    /// same facts or names the error.
    static func canonicalFacts(type: EventType, payload: UnsafeBufferPointer<UInt8>, text: inout [UInt8]) -> EventFacts? {
        let mark = text.count
        var r = PayloadReader(payload, type: type)
        if let facts = canonicalFacts(&r, type, &text), r.i == payload.count { return facts }
        text.removeSubrange(mark...)
        return nil
    }

    private static func canonicalFacts(_ r: inout PayloadReader, _ type: EventType, _ text: inout [UInt8]) -> EventFacts? {
        guard r.take(#"{"sample_id":""#), let id = r.fixedLength(36, SampleID.parse),
              r.take(#","occurred_at":""#), let at = r.fixedLength(27, Timestamp.parse) else { return nil }
        var facts = EventFacts(sampleID: id, occurredAt: at, type: type)
        switch type {
        case .sampleSubmitted:
            guard r.take(#","image_url":"#), (try? r.skipString("image_url")) != nil,
                  r.take(#","image_path":"#), (try? r.skipString("image_path")) != nil,
                  r.take(#","label":"#), let label = try? r.string("label", appendingTo: &text),
                  r.take(#","label_type":"#), let labelType = try? r.word("label_type", LabelType.self) else { return nil }
            facts.label = label
            facts.labelType = labelType
            if r.take(#","nyckel_function_id":"#) {
                guard let function = try? r.string("nyckel_function_id", appendingTo: &text) else { return nil }
                facts.functionID = function
            }
            if r.take(#","source_scan_id":"#) {
                guard (try? r.skipString("source_scan_id")) != nil else { return nil }
                facts.hasScan = true
            }
            if r.take(#","region_name":"#) { guard (try? r.skipString("region_name")) != nil else { return nil } }
            if r.take(#","crop_data":{"x":"#) {
                guard (try? r.number("crop_data.x")) != nil, r.take(#","y":"#), (try? r.number("crop_data.y")) != nil,
                      r.take(#","width":"#), (try? r.number("crop_data.width")) != nil,
                      r.take(#","height":"#), (try? r.number("crop_data.height")) != nil, r.take("}") else { return nil }
                facts.hasCrop = true
            }
            if r.take(#","image_width":"#) { guard (try? r.count("image_width")) != nil else { return nil } }
            if r.take(#","image_height":"#) { guard (try? r.count("image_height")) != nil else { return nil } }
            if r.take(#","file_size_bytes":"#) { guard (try? r.count("file_size_bytes")) != nil else { return nil } }
        case .nyckelResponded:
            guard r.take(#","status":"#), let status = try? r.word("status", ResponseStatus.self) else { return nil }
            facts.status = status
            if r.take(#","nyckel_sample_id":"#) {
                guard (try? r.skipString("nyckel_sample_id")) != nil else { return nil }
                facts.setsNyckelSampleID = true
            }
            if r.take(#","error":"#) { guard (try? r.skipString("error")) != nil else { return nil } }
        case .nyckelResubmitted:
            if r.take(#","nyckel_function_id":"#) {
                guard let function = try? r.string("nyckel_function_id", appendingTo: &text) else { return nil }
                facts.functionID = function
            }
        case .sampleRelabeled:
            guard r.take(#","label":"#), let label = try? r.string("label", appendingTo: &text) else { return nil }
            facts.label = label
            if r.take(#","label_type":"#) {
                guard let labelType = try? r.word("label_type", LabelType.self) else { return nil }
                facts.labelType = labelType
            }
            if r.take(#","reason":"#) { guard (try? r.skipString("reason")) != nil else { return nil } }
            if r.take(#","actor":"#) { guard (try? r.skipString("actor")) != nil else { return nil } }
        case .sampleDeleted:
            if r.take(#","reason":"#) { guard (try? r.skipString("reason")) != nil else { return nil } }
            if r.take(#","actor":"#) { guard (try? r.skipString("actor")) != nil else { return nil } }
        }
        return r.take("}") ? facts : nil
    }
}
