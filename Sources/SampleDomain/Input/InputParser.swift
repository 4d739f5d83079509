import EventLog

/// Reads one input line into an `InputEvent`, refusing it with an `InputError` that names the
/// line and the field.
///
/// Checks run in a fixed order, so the error reported for a bad line is always the same one:
/// 1. size: at most `maxLineBytes`;
/// 2. JSON: strict RFC 8259, one object, no duplicate keys, at most 32 levels deep;
/// 3. `type`: present, a string, one of the event types;
/// 4. unknown fields: the first key (in line order) that the type does not define;
/// 5. `sample_id`, `occurred_at`, `event_id`, `expect_last_seq`;
/// 6. the type's declared fields, in payload order (see `docs/events.md`).
///
/// State (does the sample exist?) is not checked here: see `SampleRegistry` and `BatchValidation`.
public enum InputParser {
    /// The longest line accepted: 1 MiB.
    public static let maxLineBytes = 1 << 20

    /// Parses and field-validates one line of UTF-8 bytes (without its newline).
    package static func parse(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<InputEvent, InputError> {
        switch object(line, lineNumber: lineNumber) {
        case .failure(let e): return .failure(e)
        case .success(let o): return validate(o, lineNumber: lineNumber)
        }
    }

    /// `parse` over a line's bytes in an array: the entry for code above the engine, which holds
    /// no pointers.
    package static func parse(_ line: [UInt8], lineNumber: Int) -> Result<InputEvent, InputError> {
        line.withUnsafeBufferPointer { parse($0, lineNumber: lineNumber) }
    }

    /// Parses and field-validates one line (without its newline).
    public static func parse(_ line: String, lineNumber: Int) -> Result<InputEvent, InputError> {
        var line = line
        return line.withUTF8 { parse($0, lineNumber: lineNumber) }
    }

    /// Steps 1 and 2: the line as a JSON object.
    static func object(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<JSONObject, InputError> {
        guard line.count <= maxLineBytes else {
            return .failure(InputError(line: lineNumber, field: nil,
                message: "line is \(line.count) bytes long, over the 1 MiB limit (\(maxLineBytes) bytes)"))
        }
        switch JSONScanner.parseObject(line) {
        case .success(let o): return .success(o)
        case .failure(let e):
            if let key = e.duplicateKey {
                return .failure(InputError(line: lineNumber, field: key, message: "appears twice"))
            }
            return .failure(InputError(line: lineNumber, field: nil, message: "malformed JSON at byte \(e.offset): \(e.message)"))
        }
    }

    /// The line's `event_id` when it is a valid one: what duplicate detection keys on, before any
    /// other field is checked. An invalid `event_id` yields nil and is refused later, in step 5.
    static func eventIDForDeduplication(_ object: JSONObject) -> String? {
        guard case .string(let id)? = object["event_id"] else { return nil }
        return (try? FieldRule.eventID.check(id, field: "event_id", line: 0)) == nil ? nil : id
    }

    /// Steps 3 to 6.
    package static func validate(_ object: JSONObject, lineNumber: Int) -> Result<InputEvent, InputError> {
        do throws(InputError) {
            let type = try eventType(object, line: lineNumber)
            let reader = FieldReader(object: object, line: lineNumber, type: type)
            try reader.refuseUnknownFields()
            let sampleID = try reader.sampleID()
            let occurredAt = try reader.occurredAt()
            let eventID = try reader.optionalString("event_id", .eventID)
            let expectLastSeq = try reader.expectLastSeq()
            let body = try reader.body()
            return .success(InputEvent(eventID: eventID, occurredAt: occurredAt, sampleID: sampleID, body: body,
                                       expectLastSeq: expectLastSeq))
        } catch {
            return .failure(error)
        }
    }

    static func eventType(_ object: JSONObject, line: Int) throws(InputError) -> EventType {
        guard let value = object["type"] else {
            throw InputError(line: line, field: "type", message: "required field is missing")
        }
        guard case .string(let name) = value, let type = EventType(rawValue: name) else {
            throw InputError(line: line, field: "type", message: "expected \(EventType.wireNameList), got \(describe(value))")
        }
        return type
    }

    /// A value as shown after `got` in a message: `'text'`, `12`, `null`, `an array`.
    package static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): quoted(s)
        case .number(let n): n.text.count > 64 ? String(n.text.prefix(64)) + "…" : n.text
        default: value.kindName
        }
    }
}
