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
        if isTagType(record.type) { return nil }
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
        var label = TextSpan(), labelType: LabelType? = nil, functionID: TextSpan? = nil, status: ResponseStatus? = nil
        var nyckelID = false, scan = false, crop = false
        let keys: PayloadKeys
        switch type {
        case .sampleSubmitted: keys = .submitted
        case .nyckelResponded: keys = .responded
        case .nyckelResubmitted: keys = .resubmitted
        case .sampleRelabeled: keys = .relabeled
        case .sampleDeleted: keys = .deleted
        }
        let (id, at) = try readObject(&r, keys) { (r: inout PayloadReader, k: Int) throws(PayloadError) in
            switch (type, k) {
            case (.sampleSubmitted, 2): try r.skipString("image_url")
            case (.sampleSubmitted, 3): try r.skipString("image_path")
            case (.sampleSubmitted, 4): label = try r.string("label", appendingTo: &text)
            case (.sampleSubmitted, 5): labelType = try r.word("label_type", LabelType.self)
            case (.sampleSubmitted, 6): functionID = try r.string("nyckel_function_id", appendingTo: &text)
            case (.sampleSubmitted, 7): try r.skipString("source_scan_id"); scan = true
            case (.sampleSubmitted, 8): try r.skipString("region_name")
            case (.sampleSubmitted, 9): _ = try PayloadCodec.crop(&r); crop = true
            case (.sampleSubmitted, 10): _ = try r.count("image_width")
            case (.sampleSubmitted, 11): _ = try r.count("image_height")
            case (.sampleSubmitted, _): _ = try r.count("file_size_bytes")
            case (.nyckelResponded, 2): status = try r.word("status", ResponseStatus.self)
            case (.nyckelResponded, 3): try r.skipString("nyckel_sample_id"); nyckelID = true
            case (.nyckelResponded, _): try r.skipString("error")
            case (.nyckelResubmitted, _): functionID = try r.string("nyckel_function_id", appendingTo: &text)
            case (.sampleRelabeled, 2): label = try r.string("label", appendingTo: &text)
            case (.sampleRelabeled, 3): labelType = try r.word("label_type", LabelType.self)
            case (.sampleRelabeled, 4): try r.skipString("reason")
            case (.sampleRelabeled, _): try r.skipString("actor")
            case (.sampleDeleted, 2): try r.skipString("reason")
            case (.sampleDeleted, _): try r.skipString("actor")
            }
        }
        var facts = EventFacts(sampleID: id, occurredAt: at, type: type)
        facts.label = label
        facts.labelType = labelType
        facts.functionID = functionID
        facts.status = status
        facts.setsNyckelSampleID = nyckelID
        facts.hasScan = scan
        facts.hasCrop = crop
        return facts
    }
}
