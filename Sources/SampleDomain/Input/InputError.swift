/// A refusal of one input line: names the line and, when one is to blame, the field.
///
/// Rendered as `line 3: field 'label_type': expected defect, region or grade, got 'color'`, or
/// without a field as `line 3: malformed JSON at byte 17: expected ':'`. The wording is for
/// people and may change; `line` and `field` are for programs.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line number the caller gave the parser.
    public let line: Int
    /// The field at fault, as written on the line (`label`, `crop_data.x`); nil for the line as a whole.
    public let field: String?
    /// What is wrong, without the line and field prefix.
    public let message: String

    public init(line: Int, field: String?, message: String) {
        self.line = line; self.field = field; self.message = message
    }

    /// The field is shown as `quoted` shows values (a key is the input's text too: control and
    /// bidirectional characters in it must not reach a terminal as they are).
    public var description: String {
        if let field { return "line \(line): field \(quoted(field)): \(message)" }
        return "line \(line): \(message)"
    }
}

/// How a user's value is shown inside a message: single-quoted, control characters (C0, DEL,
/// C1) and the bidirectional controls that reorder what follows them (U+061C, U+200E/F,
/// U+202A–U+202E, U+2066–U+2069) escaped, cut after 64 characters so that one bad field cannot
/// flood or drive a terminal.
package func quoted(_ value: String) -> String {
    var out = "'"
    var count = 0
    for scalar in value.unicodeScalars {
        if count == 64 { out += "…"; break }
        switch scalar.value {
        case 0x0A: out += "\\n"
        case 0x09: out += "\\t"
        case 0x0D: out += "\\r"
        case 0..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
        count += 1
    }
    return out + "'"
}
