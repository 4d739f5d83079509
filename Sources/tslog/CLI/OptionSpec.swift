import EventLog
import SampleDomain

/// The kind of value an option or argument takes; the parser checks it, so a command body only
/// ever sees well-formed values.
enum ValueKind: Equatable, Sendable {
    /// Any non-empty text.
    case string
    /// A decimal integer from `minimum` to `maximum`.
    case integer(minimum: Int, maximum: Int = .max)
    /// One of a closed list, e.g. `table, json, csv`.
    case choice([String])
    /// A point in time as people type it (see `Timestamp.init?(pointInTime:)`): RFC 3339,
    /// PostgreSQL's text form or a bare date.
    case timestamp
    /// A sample id: a UUID, any case.
    case sampleID

    /// Throws the usage error for `raw` when it is not a value of this kind. `subject` names
    /// the option or argument in the message: `'--limit'` or `NAME`.
    func check(_ raw: String, subject: String) throws(CLIFailure) {
        let prefix = "invalid value '\(raw)' for \(subject)"
        switch self {
        case .string:
            return
        case .integer(let minimum, let maximum):
            guard let value = Int(raw) else {
                // Digits past Int's range are an integer all the same: say which ones are taken.
                let digits = raw.hasPrefix("-") || raw.hasPrefix("+") ? raw.utf8.dropFirst() : raw.utf8[...]
                let isInteger = !digits.isEmpty && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                throw .usage("\(prefix): " + (isInteger ? "expected an integer from \(minimum) to \(maximum)" : "expected an integer"))
            }
            guard value >= minimum else { throw .usage("\(prefix): expected an integer of at least \(minimum)") }
            guard value <= maximum else { throw .usage("\(prefix): expected an integer from \(minimum) to \(maximum)") }
        case .choice(let values):
            guard !values.contains(raw) else { return }
            throw .usage(Suggestion.message(
                "\(prefix): expected one of \(values.joined(separator: ", "))", typed: raw, among: values))
        case .timestamp:
            guard Timestamp(pointInTime: raw) == nil else { return }
            throw .usage("\(prefix): expected a time such as \(Timestamp.typedExamples)")
        case .sampleID:
            guard SampleID(raw) == nil else { return }
            throw .usage("\(prefix): expected a sample id (a UUID such as 0b9e6a52-7c1d-4f3e-9a2b-5c8d7e6f1a20)")
        }
    }
}

/// A `--name` option or flag a command accepts.
struct OptionSpec: Equatable, Sendable {
    /// With the dashes: `"--format"`.
    var name: String
    /// The placeholder shown in help (`DIR`, `table|json`); nil for a flag.
    var valueName: String?
    var kind: ValueKind
    /// One sentence or two; wrapped by the help renderer.
    var help: String
    /// A default in the same text form a user would type; returned by `ParsedArguments` when
    /// the option is absent, and shown in help.
    var defaultValue: String?
    /// Help text for a default that is not a literal (e.g. `$TSLOG_DIR, else ./tslog-data`).
    var defaultDescription: String?
    /// Whether the option may be given several times (values kept in order).
    var isRepeatable: Bool

    var isFlag: Bool { valueName == nil }

    /// A flag: present or not, takes no value.
    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, kind: .string, help: help,
                   defaultValue: nil, defaultDescription: nil, isRepeatable: false)
    }

    /// An option with a value. For `.choice` kinds `valueName` may be nil: the help then shows
    /// the choices joined by `|`.
    static func option(
        _ name: String, _ valueName: String? = nil, _ kind: ValueKind = .string,
        help: String, default defaultValue: String? = nil, defaultDescription: String? = nil,
        repeatable: Bool = false
    ) -> OptionSpec {
        var placeholder = valueName ?? "VALUE"
        if valueName == nil, case .choice(let values) = kind { placeholder = values.joined(separator: "|") }
        return OptionSpec(name: name, valueName: placeholder, kind: kind, help: help,
                          defaultValue: defaultValue, defaultDescription: defaultDescription,
                          isRepeatable: repeatable)
    }
}

/// A positional argument a command accepts.
struct ArgumentSpec: Equatable, Sendable {
    /// Upper case, as shown in usage: `NAME`, `SAMPLE_ID`.
    var name: String
    var kind: ValueKind
    var help: String
    /// Whether the argument may be left out.
    var isOptional: Bool = false
    /// Whether it takes every remaining argument (only the last argument may).
    var isVariadic: Bool = false
}
