import EventLog

/// A tag's name, as a user chose it: `model-v3`, `2026-11-weekly`.
///
/// Names are compared byte for byte. A valid name is 1 to 128 bytes of UTF-8 with no whitespace,
/// no control characters and nothing invisible — no default-ignorable code point (U+3164 HANGUL
/// FILLER makes `v1ㅤ` look like `v1`) except the joiner and variation selectors emoji need
/// (U+200D, U+FE0E, U+FE0F), no U+FFFD (what invalid UTF-8 in an argument becomes), nothing
/// unassigned or private-use — and is neither all decimal digits nor a time (any form
/// `Timestamp(pointInTime:)` reads, a bare date included), so that `tslog diff FROM TO` can tell a
/// tag from a seq number or a time without guessing. Tags recorded before bare dates and
/// PostgreSQL's forms were times are still read (`init(stored:)`).
public struct TagName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    /// The longest name accepted, in UTF-8 bytes.
    public static let maxBytes = 128

    /// Checks `text` and wraps it.
    /// - Throws: `TagError.invalidName` saying what is wrong with it.
    public init(_ text: String) throws(TagError) {
        if let problem = TagName.problem(text) { throw .invalidName(text, problem) }
        self.text = text
    }

    /// A name read from a stored `tag.set` record: the rules of `init(_:)` as they were when bare
    /// dates were not yet times, so a tag named `2026-11-20` recorded then still loads (a diff
    /// point spelled that way reads as the time; `--as-of-tag` still finds the tag).
    public init(stored text: String) throws(TagError) {
        if let problem = TagName.problem(text, typedTimes: false) { throw .invalidName(text, problem) }
        self.text = text
    }

    /// Why `text` is not a valid tag name, or nil when it is.
    public static func problem(_ text: String) -> String? { problem(text, typedTimes: true) }

    static func problem(_ text: String, typedTimes: Bool) -> String? {
        let bytes = text.utf8.count
        if bytes == 0 { return "a tag name must not be empty" }
        if bytes > maxBytes { return "a tag name is at most \(maxBytes) bytes, this one is \(bytes)" }
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D {
                return "a tag name must not contain whitespace or control characters (found U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            if let why = invisible(scalar) {
                return "a tag name must not contain \(why) (found U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
        }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return "a tag name must not be all digits (it would read as a seq number)"
        }
        if Timestamp(rfc3339: text) != nil {
            return "a tag name must not be an RFC 3339 time (it would read as a time)"
        }
        if typedTimes, Timestamp(pointInTime: text) != nil {
            return "a tag name must not be a date or a time (it would read as a time)"
        }
        return nil
    }

    /// Why `scalar` may not be in a name although it is not whitespace or a control, or nil.
    static func invisible(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0xFFFD: return "invalid UTF-8 or a replacement character"
        case 0x200D, 0xFE0E, 0xFE0F: return nil
        case 0x2800: return "invisible characters"
        default: break
        }
        if scalar.properties.isDefaultIgnorableCodePoint { return "invisible (default-ignorable) characters" }
        switch scalar.properties.generalCategory {
        case .unassigned, .privateUse, .surrogate: return "unassigned or private-use characters"
        default: return nil
        }
    }

    public static func < (a: TagName, b: TagName) -> Bool { a.text.utf8.lexicographicallyPrecedes(b.text.utf8) }
    /// Byte for byte, not Swift's canonical equivalence: `é` and `e` + U+0301 are two tags.
    public static func == (a: TagName, b: TagName) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    public func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
        hasher.combine(text.utf8.count)
    }
    public var description: String { text }
}

/// What goes wrong when naming, reading or writing tags.
public enum TagError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name given is not a valid tag name (the name, then why).
    case invalidName(String, String)
    /// The name is already a tag (at `seq`) and `--move` was not given.
    case exists(name: String, seq: UInt64)
    /// No tag has this name; `known` lists the tags there are, sorted.
    case unknown(name: String, known: [String])
    /// The position asked for is past the log's end.
    case beyondEnd(seq: UInt64, last: UInt64)
    /// A stored `tag.*` record that cannot be read.
    case badRecord(seq: UInt64, message: String)

    public var description: String {
        switch self {
        case .invalidName(let name, let why): "invalid tag name '\(name)': \(why)"
        case .exists(let name, let seq): "tag '\(name)' already exists (at seq \(seq)); use --move to move it"
        case .unknown(let name, let known):
            known.isEmpty ? "no tag named '\(name)' (the log has no tags)"
                : "no tag named '\(name)' (tags: \(known.joined(separator: ", ")))"
        case .beyondEnd(let seq, let last): "seq \(seq) is beyond the end of the log, which ends at seq \(last)"
        case .badRecord(let seq, let message): "record seq \(seq): \(message)"
        }
    }
}
