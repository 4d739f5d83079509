/// The rules a string field must meet, by kind of field.
///
/// - `label`: non-empty, at most 256 bytes of UTF-8, no control characters
///   (U+0000–U+001F, U+007F, U+0080–U+009F).
/// - `eventID`: the same rules as a label: non-empty, ≤ 256 bytes, no control characters.
/// - `requiredText` (`image_url`, `image_path`): non-empty, ≤ 4096 bytes, no NUL.
/// - `text` (every other string): ≤ 4096 bytes, no NUL; may be empty.
/// - `sha256` (`image.fetched`'s `sha256`): exactly 64 lowercase hex digits.
///
/// NUL is refused everywhere because PostgreSQL `text` cannot hold it.
package enum FieldRule: Sendable {
    case label, eventID, requiredText, text, sha256

    static let labelLimit = 256
    static let textLimit = 4096

    var limit: Int {
        switch self {
        case .label, .eventID: FieldRule.labelLimit
        case .requiredText, .text: FieldRule.textLimit
        case .sha256: 64
        }
    }

    /// Throws the first rule `value` breaks: empty, then length, then characters.
    package func check(_ value: String, field: String, line: Int) throws(InputError) {
        func refuse(_ message: String) -> InputError { InputError(line: line, field: field, message: message) }
        if self != .text, value.isEmpty { throw refuse("must not be empty") }
        let length = value.utf8.count
        if length > limit { throw refuse("is \(length) bytes long, over the \(limit)-byte limit") }
        switch self {
        case .label, .eventID:
            if FieldRule.hasNoControlCharacters(value) { return }
            for scalar in value.unicodeScalars where FieldRule.isControl(scalar.value) {
                throw refuse("must not contain control characters, found \(JSONString.codePointName(scalar.value))")
            }
        case .sha256:
            if !FieldRule.isSHA256(Array(value.utf8)) { throw refuse("must be 64 lowercase hex digits (a SHA-256)") }
        case .requiredText, .text:
            if FieldRule.containsNUL(value) {
                throw refuse("must not contain U+0000 (NUL): PostgreSQL text cannot hold it")
            }
        }
    }

    /// True when no scalar of `value` is a control character, decided on the UTF-8 bytes:
    /// C0 and DEL are single bytes, C1 (U+0080–U+009F) is `C2 80`…`C2 9F`. A false answer is
    /// re-checked scalar by scalar to name the character.
    static func hasNoControlCharacters(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { b in
            var previous: UInt8 = 0
            for c in b {
                if c < 0x20 || c == 0x7F || (previous == 0xC2 && c >= 0x80 && c <= 0x9F) { return false }
                previous = c
            }
            return true
        }
    }

    /// Whether `bytes` are 64 lowercase hex digits.
    static func isSHA256<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func containsNUL(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { b in b.contains(0) }
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ v: UInt32) -> Bool { v < 0x20 || (v >= 0x7F && v <= 0x9F) }
}
