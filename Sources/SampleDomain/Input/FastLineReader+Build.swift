import EventLog

/// The field pass of `FastLineReader`: turns the spans `LineScan` recorded into an
/// `InputEvent`, or nil as soon as a field is not certainly valid.
struct LineBuild {
    let bytes: UnsafeBufferPointer<UInt8>
    let slots: UnsafeBufferPointer<ValueSpan>
    let present: UInt64
    let crop: CropData?
    let columns: SampleColumns?

    func event() -> InputEvent? {
        guard let type = eventType() else { return nil }
        guard present & ~type.table.allowedSlots == 0 else { return nil }  // an unknown field for this type
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
        guard let expectLastSeq = expectLastSeq() else { return nil }
        guard let body = type.payloadType.build(self) else { return nil }
        return InputEvent(eventID: eventID, occurredAt: occurredAt, sampleID: sampleID, body: body,
                          expectLastSeq: expectLastSeq)
    }

    /// `expect_last_seq`: `.some(nil)` when absent or null, `.some(seq)` when a valid one, nil otherwise.
    func expectLastSeq() -> UInt64?? {
        switch slots[Field.expectLastSeq].kind {
        case .absent, .null: return .some(nil)
        default:
            guard let n = count(Field.expectLastSeq, maximum: Int64.max) else { return nil }
            return .some(UInt64(n))
        }
    }

    func span(_ field: Int) -> UnsafeBufferPointer<UInt8> {
        let s = slots[field]
        return UnsafeBufferPointer(rebasing: bytes[Int(s.start)..<Int(s.end)])
    }

    func eventType() -> EventType? {
        guard slots[Field.type].kind == .plainString else { return nil }
        return EventType(wireName: span(Field.type))
    }

    func sampleID() -> SampleID? {
        guard slots[Field.sampleID].kind == .plainString else { return nil }
        return SampleID.parse(span(Field.sampleID))
    }

    /// The value of declared field `declared`, read from slot `field`: `.some(nil)` when it is
    /// optional and absent or null, `.some(value)` when certainly valid, nil otherwise.
    func value(_ field: Int, _ declared: PayloadField) -> FieldValue?? {
        switch slots[field].kind {
        case .absent, .null: return declared.required ? nil : .some(nil)
        default: break
        }
        let value: FieldValue?
        switch declared.kind {
        case .text(let rule): value = string(field, rule).map { .text($0) }
        case .labelType: value = word(field, LabelType.self).map { .labelType($0) }
        case .status: value = word(field, ResponseStatus.self).map { .status($0) }
        case .integer, .bigInteger: value = count(field, maximum: declared.kind.maximum).map { .count($0) }
        case .crop: value = slots[field].kind == .object ? crop.map { .crop($0) } : nil
        case .imageFormat: value = word(field, ImageFormat.self).map { .imageFormat($0) }
        case .columns: value = slots[field].kind == .array ? columns.map { .columns($0) } : nil
        }
        guard let value else { return nil }
        return .some(value)
    }

    /// The string value of `field` when it meets `rule`; nil when it is not a string or breaks the rule.
    func string(_ field: Int, _ rule: FieldRule) -> String? {
        switch slots[field].kind {
        case .plainString:
            // Printable ASCII: no control character, no NUL; only emptiness and length to check.
            let text = span(field)
            if rule != .text, text.isEmpty { return nil }
            guard text.count <= rule.limit else { return nil }
            if rule == .sha256, !FieldRule.isSHA256(text) { return nil }
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

    /// A non-negative JSON integer up to `maximum`; nil otherwise.
    func count(_ field: Int, maximum: Int64) -> Int64? {
        let s = slots[field]
        guard s.kind == .number, s.isInteger, s.end - s.start <= 18, bytes[Int(s.start)] != UInt8(ascii: "-") else { return nil }
        var v: Int64 = 0
        for i in Int(s.start)..<Int(s.end) { v = v * 10 + Int64(bytes[i] - UInt8(ascii: "0")) }
        return v <= maximum ? v : nil
    }

    /// One of `T`'s words, written without escapes.
    func word<T: RawRepresentable<String>>(_ field: Int, _: T.Type) -> T? {
        guard slots[field].kind == .plainString, let s = string(field, .text) else { return nil }
        return T(rawValue: s)
    }
}

extension EventPayload {
    /// The body an input line's fields give, each declared field read from its slot; nil when
    /// one is not certainly valid.
    static func build(_ line: LineBuild) -> EventBody? {
        let table = eventType.table
        var payload = PayloadBuilder<Self>()
        for n in 0..<table.fields.count {
            guard let value = line.value(table.slots[n], table.fields[n]) else { return nil }
            if let value { payload.set(n, value) }
        }
        guard payload.body.refusal == nil else { return nil }
        return payload.body.body
    }
}
