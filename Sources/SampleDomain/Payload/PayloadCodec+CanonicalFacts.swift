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
        let table = type.table
        for n in 0..<table.fields.count {
            let field = table.fields[n]
            if r.take(table.literals[n]) {
                do throws(PayloadError) {
                    try r.fact(field, canonical: true, &facts, &text)
                } catch {
                    return nil
                }
            } else if field.required {
                return nil
            }
        }
        return r.take("}") ? facts : nil
    }
}
