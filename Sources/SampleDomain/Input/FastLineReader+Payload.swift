import EventLog

/// The store's variant of `LineBuild.event()`: the same checks, but the payload is written
/// straight from the line's bytes instead of from an event, so a fully valid line costs no
/// `String` at all. A string of printable ASCII without escapes needs no escaping either, so
/// its bytes go to the payload as they are; any other string is decoded (`JSONString`) and
/// quoted as `PayloadCodec` quotes it. The bytes are exactly `PayloadCodec.encode` of the
/// event `event()` reads (`FastBatchTests` compare them).
extension LineBuild {
    /// What the in-order checks and the record need, or nil when the reference path must decide.
    func record(defaultTime: Timestamp) -> (eventID: String?, sampleID: SampleID, type: EventType, payload: [UInt8])? {
        guard let type = eventType() else { return nil }
        guard present & ~Field.allowed[Field.typeIndex(type)] == 0 else { return nil }
        guard let sampleID = sampleID() else { return nil }
        var time = defaultTime
        switch slots[Field.occurredAt].kind {
        case .absent, .null: break
        case .plainString:
            guard let t = Timestamp.parse(span(Field.occurredAt)) else { return nil }
            time = t
        default: return nil
        }
        guard let eventID = optionalString(Field.eventID, .eventID) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 128)
        RecordEncoder.appendStatic(#"{"sample_id":""#, to: &out)
        PayloadCodec.appendID(sampleID, to: &out)
        RecordEncoder.appendStatic(#"","occurred_at":""#, to: &out)
        RecordEncoder.appendTime(time, to: &out)
        out.append(UInt8(ascii: "\""))
        guard fields(type, into: &out) else { return nil }
        out.append(UInt8(ascii: "}"))
        return (eventID, sampleID, type, out)
    }

    /// The type's fields in payload order; false when one is not certainly valid.
    private func fields(_ type: EventType, into out: inout [UInt8]) -> Bool {
        switch type {
        case .sampleSubmitted:
            guard text(Field.imageURL, .requiredText, #","image_url":"#, &out, required: true),
                  text(Field.imagePath, .requiredText, #","image_path":"#, &out, required: true),
                  text(Field.label, .label, #","label":"#, &out, required: true),
                  let labelType = labelType(Field.labelType) else { return false }
            RecordEncoder.appendStatic(#","label_type":"#, to: &out)
            RecordEncoder.appendQuoted(labelType.rawValue, to: &out)
            guard text(Field.nyckelFunctionID, .text, #","nyckel_function_id":"#, &out),
                  text(Field.sourceScanID, .text, #","source_scan_id":"#, &out),
                  text(Field.regionName, .text, #","region_name":"#, &out) else { return false }
            switch slots[Field.cropData].kind {
            case .absent, .null: break
            case .object:
                guard let c = crop else { return false }
                RecordEncoder.appendStatic(#","crop_data":{"x":"#, to: &out)
                PayloadCodec.appendNumber(c.x, to: &out)
                RecordEncoder.appendStatic(#","y":"#, to: &out)
                PayloadCodec.appendNumber(c.y, to: &out)
                RecordEncoder.appendStatic(#","width":"#, to: &out)
                PayloadCodec.appendNumber(c.width, to: &out)
                RecordEncoder.appendStatic(#","height":"#, to: &out)
                PayloadCodec.appendNumber(c.height, to: &out)
                out.append(UInt8(ascii: "}"))
            default: return false
            }
            return count(Field.imageWidth, #","image_width":"#, &out, maximum: FieldReader.int32Max)
                && count(Field.imageHeight, #","image_height":"#, &out, maximum: FieldReader.int32Max)
                && count(Field.fileSizeBytes, #","file_size_bytes":"#, &out)
        case .nyckelResponded:
            guard slots[Field.status].kind == .plainString, let text = string(Field.status, .text),
                  let status = ResponseStatus(rawValue: text) else { return false }
            RecordEncoder.appendStatic(#","status":"#, to: &out)
            RecordEncoder.appendQuoted(status.rawValue, to: &out)
            return self.text(Field.nyckelSampleID, .text, #","nyckel_sample_id":"#, &out)
                && self.text(Field.error, .text, #","error":"#, &out)
        case .nyckelResubmitted:
            return text(Field.nyckelFunctionID, .text, #","nyckel_function_id":"#, &out)
        case .sampleRelabeled:
            guard text(Field.label, .label, #","label":"#, &out, required: true) else { return false }
            switch slots[Field.labelType].kind {
            case .absent, .null: break
            default:
                guard let t = labelType(Field.labelType) else { return false }
                RecordEncoder.appendStatic(#","label_type":"#, to: &out)
                RecordEncoder.appendQuoted(t.rawValue, to: &out)
            }
            return text(Field.reason, .text, #","reason":"#, &out) && text(Field.actor, .text, #","actor":"#, &out)
        case .sampleDeleted:
            return text(Field.reason, .text, #","reason":"#, &out) && text(Field.actor, .text, #","actor":"#, &out)
        }
    }

    /// Writes `key` and the string value of `field` when it meets `rule`; nothing when the
    /// field is absent or null (unless `required`). False when the value is not certainly valid.
    private func text(_ field: Int, _ rule: FieldRule, _ key: StaticString, _ out: inout [UInt8],
                      required: Bool = false) -> Bool {
        switch slots[field].kind {
        case .absent, .null:
            return !required
        case .plainString:
            let value = span(field)
            if rule != .text, value.isEmpty { return false }
            guard value.count <= rule.limit else { return false }
            RecordEncoder.appendStatic(key, to: &out)
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: value)  // printable ASCII, no quote or backslash: nothing to escape
            out.append(UInt8(ascii: "\""))
            return true
        case .string:
            guard let s = string(field, rule) else { return false }
            RecordEncoder.appendStatic(key, to: &out)
            RecordEncoder.appendQuoted(s, to: &out)
            return true
        default:
            return false
        }
    }

    /// Writes `key` and the count in `field`; nothing when absent or null. False when invalid.
    private func count(_ field: Int, _ key: StaticString, _ out: inout [UInt8], maximum: Int64 = .max) -> Bool {
        guard let value = optionalCount(field, maximum: maximum) else { return false }
        if let value {
            RecordEncoder.appendStatic(key, to: &out)
            RecordEncoder.appendDecimal(UInt64(value), to: &out)
        }
        return true
    }
}
