/// A JSON value as read from one input line by `JSONScanner`.
///
/// Input lines are small and read once, so a little tree is the clearest way to validate them
/// field by field. Object members keep the order they had on the line (error order is then
/// deterministic), and a number keeps its text so that integers are checked exactly, never
/// through a `Double`.
package enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// How a value is named in an error message: `a string`, `null`, `an array`, ….
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON number exactly as written, already checked against RFC 8259's grammar.
package struct JSONNumber: Equatable, Sendable {
    /// The number's text, e.g. `-12`, `0.5`, `1e3`.
    package var text: String
    /// True when the text has neither a fraction nor an exponent.
    package var isInteger: Bool

    package init(text: String, isInteger: Bool) { self.text = text; self.isInteger = isInteger }

    /// The value as a `Double`; infinite when the text overflows (e.g. `1e400`).
    package var double: Double { Double(text) ?? .nan }
}

/// A JSON object's members in the order they were written. Keys are unique (the scanner refuses
/// duplicates).
package struct JSONObject: Equatable, Sendable {
    package struct Member: Equatable, Sendable {
        package var key: String
        package var value: JSONValue
        package init(key: String, value: JSONValue) { self.key = key; self.value = value }
    }
    package var members: [Member] = []

    package init(members: [Member] = []) { self.members = members }

    /// The value of `key`, or nil when the key is absent.
    /// - Complexity: O(n) in the number of members; objects here hold a dozen keys at most.
    package subscript(key: String) -> JSONValue? {
        for m in members where sameKey(m.key, key) { return m.value }
        return nil
    }
}

/// `a == b` for object keys, with the byte counts (known without reading the text) compared
/// first: most keys a lookup passes differ in length, and `String ==` on two different strings
/// takes its slow, Unicode-aware path.
@inline(__always)
func sameKey(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a == b
}
