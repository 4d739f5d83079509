import EventLog

/// The store's variant of `LineBuild.event()`: the same checks, but the payload is written
/// from the line's bytes instead of from an event, so a fully valid line costs no `String` at
/// all. A string of printable ASCII without escapes needs no escaping either, so its bytes go
/// to the payload as they are; any other value is read as `event()` reads it. Either way the
/// bytes are written by `PayloadWriter`, so they are exactly `PayloadCodec.encode` of the event
/// `event()` reads (`FastBatchTests` compare them).
extension LineBuild {
    /// What the in-order checks and the record need, or nil when the reference path must decide.
    func record(defaultTime: Timestamp)
        -> (eventID: String?, sampleID: SampleID, type: EventType, expectLastSeq: UInt64?, payload: [UInt8])? {
        guard let type = eventType() else { return nil }
        let table = type.table
        guard present & ~table.allowedSlots == 0 else { return nil }
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
        // The precondition is checked by `BatchValidation`, never written to the payload.
        guard let expectLastSeq = expectLastSeq() else { return nil }
        // A rule across fields (`sample.updated` must change something) is the body's to check.
        if type.payloadType.hasRuleAcrossFields, type.payloadType.build(self) == nil { return nil }
        var writer = PayloadWriter(sampleID: sampleID, occurredAt: time, capacity: bytes.count + 128)
        for n in 0..<table.fields.count {
            let field = table.slots[n], declared = table.fields[n]
            if case .text(let rule) = declared.kind, slots[field].kind == .plainString {
                // Printable ASCII, no quote or backslash: nothing to escape.
                let value = span(field)
                if rule != .text, value.isEmpty { return nil }
                guard value.count <= rule.limit else { return nil }
                writer.writePlainText(table.literals[n], value)
            } else {
                guard let value = value(field, declared) else { return nil }
                if let value { writer.write(table.literals[n], value) }
            }
        }
        return (eventID, sampleID, type, expectLastSeq, writer.finish())
    }
}
