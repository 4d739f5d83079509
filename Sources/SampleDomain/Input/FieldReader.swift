import EventLog

/// Reads the fields of one input line for one event type, throwing the first refusal.
struct FieldReader {
    let object: JSONObject
    let line: Int
    let type: EventType

    static let cropKeys: [String] = ["x", "y", "width", "height"]

    func refuse(_ field: String, _ message: String) -> InputError {
        InputError(line: line, field: field, message: message)
    }

    /// Common and declared fields of each type, built once (indexed by `EventType.ordinal`).
    static let knownFields: [[String]] = EventType.allCases.map { type in
        Field.common.map { "\($0)" } + type.payloadType.fields.map { "\($0.key)" }
    }

    func refuseUnknownFields() throws(InputError) {
        let known = FieldReader.knownFields[type.ordinal]
        for member in object.members where !known.contains(where: { sameKey($0, member.key) }) {
            throw refuse(member.key, "unknown field for \(type.rawValue)")
        }
    }

    /// The value of an optional field: nil when absent or null.
    func optional(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func required(_ key: String) throws(InputError) -> JSONValue {
        guard let value = object[key] else { throw refuse(key, "required field is missing") }
        return value
    }

    func string(_ key: String, _ value: JSONValue, _ rule: FieldRule) throws(InputError) -> String {
        guard case .string(let s) = value else {
            throw refuse(key, "expected a string, got \(InputParser.describe(value))")
        }
        try rule.check(s, field: key, line: line)
        return s
    }

    func requiredString(_ key: String, _ rule: FieldRule) throws(InputError) -> String {
        try string(key, try required(key), rule)
    }

    func optionalString(_ key: String, _ rule: FieldRule) throws(InputError) -> String? {
        guard let value = optional(key) else { return nil }
        return try string(key, value, rule)
    }

    func sampleID() throws(InputError) -> SampleID {
        let value = try required("sample_id")
        guard case .string(var s) = value, let id = s.withUTF8({ SampleID.parse($0) }) else {
            throw refuse("sample_id", "expected a UUID like 0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4, got \(InputParser.describe(value))")
        }
        return id
    }

    func occurredAt() throws(InputError) -> Timestamp? {
        guard let value = optional("occurred_at") else { return nil }
        guard case .string(let s) = value, let t = Timestamp(typed: s) else {
            throw refuse("occurred_at",
                "expected a time (years 0001-9999) such as \(Timestamp.typedExamples), got \(InputParser.describe(value))")
        }
        return t
    }

    /// The precondition `expect_last_seq`: a seq (an integer from 0 through 2^63 - 1); nil when
    /// absent or null.
    func expectLastSeq() throws(InputError) -> UInt64? {
        guard let value = optional("expect_last_seq") else { return nil }
        return UInt64(try count("expect_last_seq", value, maximum: Int64.max, note: ""))
    }

    /// The value of declared field `key` of `kind`, refused with a message naming what was expected.
    func value(_ key: String, _ kind: FieldKind, _ value: JSONValue) throws(InputError) -> FieldValue {
        switch kind {
        case .text(let rule): .text(try string(key, value, rule))
        case .labelType: .labelType(try word(key, value, LabelType.self))
        case .status: .status(try word(key, value, ResponseStatus.self))
        case .integer: .count(try count(key, value, maximum: kind.maximum, note: " (PostgreSQL integer)"))
        case .bigInteger: .count(try count(key, value, maximum: kind.maximum, note: ""))
        case .crop: .crop(try crop(key, value))
        case .imageFormat: .imageFormat(try word(key, value, ImageFormat.self))
        case .columns: .columns(try columns(key, value))
        }
    }

    /// A `clear` list: a non-empty array of distinct names of columns that may be NULL.
    func columns(_ key: String, _ value: JSONValue) throws(InputError) -> SampleColumns {
        let allowed = SampleColumns.clearable.names
        guard case .array(let items) = value else {
            throw refuse(key, "expected an array of column names (\(orList(allowed))), got \(InputParser.describe(value))")
        }
        guard !items.isEmpty else { throw refuse(key, "must name at least one column (leave it out to clear none)") }
        var set: SampleColumns = []
        for item in items {
            guard case .string(let name) = item else {
                throw refuse(key, "expected column names, got \(InputParser.describe(item))")
            }
            guard let column = SampleColumns(name: name) else {
                throw refuse(key, "\(quoted(name)) is not a column; expected \(orList(allowed))")
            }
            guard SampleColumns.clearable.contains(column) else {
                throw refuse(key, "\(name) cannot be cleared: the table's column is NOT NULL")
            }
            guard !set.contains(column) else { throw refuse(key, "names \(name) twice") }
            set.insert(column)
        }
        return set
    }

    /// One of `T`'s words: `expected defect, region or grade, got 'color'`.
    func word<T: RawRepresentable<String> & CaseIterable>(_ key: String, _ value: JSONValue, _: T.Type) throws(InputError) -> T {
        guard case .string(let s) = value, let t = T(rawValue: s) else {
            throw refuse(key, "expected \(orList(T.allCases.map(\.rawValue))), got \(InputParser.describe(value))")
        }
        return t
    }

    /// A JSON integer (no fraction or exponent) from 0 through `maximum`.
    func count(_ key: String, _ value: JSONValue, maximum: Int64, note: String) throws(InputError) -> Int64 {
        guard case .number(let n) = value, n.isInteger else {
            throw refuse(key, "expected an integer, got \(InputParser.describe(value))")
        }
        if n.text.hasPrefix("-"), n.text != "-0" { throw refuse(key, "must be 0 or more, got \(InputParser.describe(value))") }
        let digits = n.text.hasPrefix("-") ? n.text.dropFirst() : Substring(n.text)
        guard let v = Int64(digits), v <= maximum else {
            throw refuse(key, "must be at most \(maximum)\(note), got \(InputParser.describe(value))")
        }
        return v
    }

    /// A crop object: `x`, `y` ≥ 0, `width`, `height` > 0, all finite, nothing else.
    func crop(_ key: String, _ value: JSONValue) throws(InputError) -> CropData {
        guard case .object(let crop) = value else {
            throw refuse(key, "expected an object with x, y, width and height, got \(InputParser.describe(value))")
        }
        let keys = FieldReader.cropKeys
        for member in crop.members where !keys.contains(member.key) {
            throw refuse("\(key).\(member.key)", "unknown field for \(key) (expected x, y, width and height)")
        }
        var numbers: (Double, Double, Double, Double) = (0, 0, 0, 0)
        for (index, name) in keys.enumerated() {
            var field: String { key + "." + name }  // built only for a message
            guard let v = crop[name] else { throw refuse(field, "required field is missing") }
            guard case .number(let n) = v else { throw refuse(field, "expected a number, got \(InputParser.describe(v))") }
            let d = n.double
            guard d.isFinite else { throw refuse(field, "number out of range, got \(InputParser.describe(v))") }
            if name == "x" || name == "y" {
                guard d >= 0 else { throw refuse(field, "must be 0 or more, got \(InputParser.describe(v))") }
            } else {
                guard d > 0 else { throw refuse(field, "must be greater than 0, got \(InputParser.describe(v))") }
            }
            let stored = d == 0 ? 0 : d  // -0 is stored as 0
            switch index {
            case 0: numbers.0 = stored
            case 1: numbers.1 = stored
            case 2: numbers.2 = stored
            default: numbers.3 = stored
            }
        }
        return CropData(x: numbers.0, y: numbers.1, width: numbers.2, height: numbers.3)
    }
}
