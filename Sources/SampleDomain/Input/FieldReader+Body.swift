/// The declared fields of each event, read in payload order.
extension FieldReader {
    func body() throws(InputError) -> EventBody {
        try type.payloadType.read(self)
    }
}

extension EventPayload {
    /// The body an input line's fields give, each declared field checked in payload order:
    /// a required one must be present (a null is refused by its kind), an optional one may be
    /// absent or null.
    static func read(_ reader: FieldReader) throws(InputError) -> EventBody {
        let keys = FieldReader.knownFields[eventType.ordinal].dropFirst(Field.common.count)
        var payload = PayloadBuilder<Self>()
        for (n, (member, key)) in zip(schema.members, keys).enumerated() {
            let field = member.field
            let json: JSONValue
            if field.required {
                json = try reader.required(key)
            } else {
                guard let value = reader.optional(key) else { continue }
                json = value
            }
            payload.set(n, try reader.value(key, field.kind, json))
        }
        if let (field, message) = payload.body.refusal { throw InputError(line: reader.line, field: field, message: message) }
        return payload.body.body
    }
}
