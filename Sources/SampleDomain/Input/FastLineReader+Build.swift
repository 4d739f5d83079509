import EventLog

/// The field pass of `FastLineReader`: turns the spans `LineScan` recorded into an
/// `InputEvent`, or nil as soon as a field is not certainly valid.
struct LineBuild {
    let bytes: UnsafeBufferPointer<UInt8>
    let slots: UnsafeBufferPointer<ValueSpan>
    let present: UInt32
    let crop: CropData?

    func event() -> InputEvent? {
        guard let type = eventType() else { return nil }
        let allowed = Field.allowed[Field.typeIndex(type)]
        guard present & ~allowed == 0 else { return nil }  // an unknown field for this type
        guard let sampleID = sampleID() else { return nil }
        let occurredAt: Timestamp?
        switch slots[Field.occurredAt].kind {
        case .absent, .null: occurredAt = nil
        case .plainString:
            guard let t = Timestamp.parse(span(Field.occurredAt)) else { return nil }
            occurredAt = t
        default: return nil
        }
        guard let eventID = optionalString(Field.eventID, .eventID) else { return nil }
        guard let body = body(type) else { return nil }
        return InputEvent(eventID: eventID, occurredAt: occurredAt, sampleID: sampleID, body: body)
    }

    func span(_ field: Int) -> UnsafeBufferPointer<UInt8> {
        let s = slots[field]
        return UnsafeBufferPointer(rebasing: bytes[Int(s.start)..<Int(s.end)])
    }

    func eventType() -> EventType? {
        guard slots[Field.type].kind == .plainString else { return nil }
        let name = span(Field.type)
        for (i, typeName) in Field.typeNames.enumerated() where typeName.elementsEqual(name) {
            return Field.types[i]
        }
        return nil
    }

    func sampleID() -> SampleID? {
        guard slots[Field.sampleID].kind == .plainString else { return nil }
        return SampleID.parse(span(Field.sampleID))
    }

    /// The string value of `field` when it meets `rule`; nil when it is not a string or breaks the rule.
    func string(_ field: Int, _ rule: FieldRule) -> String? {
        switch slots[field].kind {
        case .plainString:
            // Printable ASCII: no control character, no NUL; only emptiness and length to check.
            let text = span(field)
            if rule != .text, text.isEmpty { return nil }
            guard text.count <= rule.limit else { return nil }
            return String(decoding: text, as: UTF8.self)
        case .string:
            guard let (s, _) = try? JSONString.read(bytes, at: Int(slots[field].start)) else { return nil }
            do throws(InputError) {
                try rule.check(s, field: "", line: 0)
            } catch {
                return nil
            }
            return s
        default:
            return nil
        }
    }

    /// `.some(nil)` when the field is absent or null, `.some(value)` when valid, nil otherwise.
    func optionalString(_ field: Int, _ rule: FieldRule) -> String?? {
        switch slots[field].kind {
        case .absent, .null: return .some(nil)
        default:
            guard let s = string(field, rule) else { return nil }
            return .some(s)
        }
    }

    /// A non-negative JSON integer up to `maximum`; `.some(nil)` when absent or null.
    func optionalCount(_ field: Int, maximum: Int64 = .max) -> Int64?? {
        let s = slots[field]
        switch s.kind {
        case .absent, .null: return .some(nil)
        case .number where s.isInteger && s.end - s.start <= 18 && bytes[Int(s.start)] != UInt8(ascii: "-"):
            var v: Int64 = 0
            for i in Int(s.start)..<Int(s.end) { v = v * 10 + Int64(bytes[i] - UInt8(ascii: "0")) }
            return v <= maximum ? .some(v) : nil
        default: return nil
        }
    }

    func labelType(_ field: Int) -> LabelType? {
        guard slots[field].kind == .plainString, let s = string(field, .text) else { return nil }
        return LabelType(rawValue: s)
    }

    func body(_ type: EventType) -> EventBody? {
        switch type {
        case .sampleSubmitted:
            guard let imageURL = string(Field.imageURL, .requiredText),
                  let imagePath = string(Field.imagePath, .requiredText),
                  let label = string(Field.label, .label),
                  let labelType = labelType(Field.labelType),
                  let function = optionalString(Field.nyckelFunctionID, .text),
                  let scan = optionalString(Field.sourceScanID, .text),
                  let region = optionalString(Field.regionName, .text),
                  let width = optionalCount(Field.imageWidth, maximum: FieldReader.int32Max),
                  let height = optionalCount(Field.imageHeight, maximum: FieldReader.int32Max),
                  let size = optionalCount(Field.fileSizeBytes) else { return nil }
            switch slots[Field.cropData].kind {
            case .absent, .null, .object: break
            default: return nil
            }
            return .submitted(SampleSubmitted(
                imageURL: imageURL, imagePath: imagePath, label: label, labelType: labelType,
                nyckelFunctionID: function, sourceScanID: scan, regionName: region,
                cropData: slots[Field.cropData].kind == .object ? crop : nil,
                imageWidth: width, imageHeight: height, fileSizeBytes: size))
        case .nyckelResponded:
            guard slots[Field.status].kind == .plainString, let text = string(Field.status, .text),
                  let status = ResponseStatus(rawValue: text),
                  let sampleID = optionalString(Field.nyckelSampleID, .text),
                  let error = optionalString(Field.error, .text) else { return nil }
            return .responded(NyckelResponded(status: status, nyckelSampleID: sampleID, error: error))
        case .nyckelResubmitted:
            guard let function = optionalString(Field.nyckelFunctionID, .text) else { return nil }
            return .resubmitted(NyckelResubmitted(nyckelFunctionID: function))
        case .sampleRelabeled:
            guard let label = string(Field.label, .label) else { return nil }
            var labelType: LabelType? = nil
            switch slots[Field.labelType].kind {
            case .absent, .null: break
            default:
                guard let t = self.labelType(Field.labelType) else { return nil }
                labelType = t
            }
            guard let reason = optionalString(Field.reason, .text),
                  let actor = optionalString(Field.actor, .text) else { return nil }
            return .relabeled(SampleRelabeled(label: label, labelType: labelType, reason: reason, actor: actor))
        case .sampleDeleted:
            guard let reason = optionalString(Field.reason, .text),
                  let actor = optionalString(Field.actor, .text) else { return nil }
            return .deleted(SampleDeleted(reason: reason, actor: actor))
        }
    }
}
