/// The query parameters one read route takes, each standing for an option of the CLI command
/// the route shares its rendering with: `label_type=grade` is `--label-type grade`.
///
/// The parameters are turned into that command line and parsed by the command's own parser, so
/// the route accepts, refuses and defaults exactly what the command does; refusals are reworded
/// to name the parameter (`label_type`) rather than the option (`--label-type`).
struct ReadParameters: Sendable {
    /// One parameter: its name on the URL and the option it stands for.
    struct Parameter: Sendable {
        var name: String
        var option: String
        /// A flag option: the parameter takes `true` or `false`.
        var isFlag = false
        /// The values allowed (nil: whatever the option accepts).
        var choices: [String]? = nil
    }

    var parameters: [Parameter]
    /// The `format` the route answers in when none is given (nil: the command's default).
    var defaultFormat: String?

    /// A bad parameter: the message names it.
    struct Failure: Error {
        var message: String
        /// The parameter at fault, when one is.
        var parameter: String?
    }

    /// The command-line words for `query`, with `--format` set to the route's default when the
    /// query does not name one.
    /// - Throws: `Failure` for an unknown parameter, a value outside the choices, or a flag
    ///   that is neither `true` nor `false`.
    func words(_ query: [(String, String)]) throws(Failure) -> [String] {
        var words: [String] = []
        var formatGiven = false
        for (name, value) in query {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                let known = parameters.map(\.name)
                throw Failure(message: "unknown parameter '\(name)'" + (known.isEmpty
                    ? "; this endpoint takes none" : "; expected one of: \(known.joined(separator: ", "))"),
                    parameter: name)
            }
            if let choices = parameter.choices, !choices.contains(value) {
                throw Failure(message: "invalid value '\(value)' for parameter '\(name)': expected \(ReadParameters.list(choices))",
                              parameter: name)
            }
            if name == "format" { formatGiven = true }
            if parameter.isFlag {
                switch value {
                case "true": words.append(parameter.option)
                case "false": break
                default: throw Failure(message: "invalid value '\(value)' for parameter '\(name)': expected true or false",
                                       parameter: name)
                }
            } else {
                words.append("\(parameter.option)=\(value)")
            }
        }
        if !formatGiven, let defaultFormat { words.append("--format=\(defaultFormat)") }
        return words
    }

    /// `message` (a usage error of the command) with every option of this route named as its
    /// parameter: `option '--label-type'` becomes `parameter 'label_type'`; also returns the
    /// first parameter named.
    ///
    /// A bad value of `query` is quoted as given (`invalid value 'V' for '--label-type': …`) and
    /// kept apart: a value that looks like an option (`label_type=--label`) is neither renamed
    /// nor taken for the parameter at fault.
    func reword(_ message: String, query: [(String, String)] = []) -> (message: String, parameter: String?) {
        for (name, value) in query {
            guard let option = parameters.first(where: { $0.name == name })?.option else { continue }
            let head = "invalid value '\(value)' for '\(option)'"
            guard message.hasPrefix(head) else { continue }
            return ("invalid value '\(value)' for '\(name)'" + reword(String(message.dropFirst(head.count))).message, name)
        }
        let named = message.split(whereSeparator: { $0 == "'" || $0 == " " || $0 == "=" })
            .lazy.compactMap { word in parameters.first { $0.option == word }?.name }.first
        var text = message
        for parameter in parameters.sorted(by: { $0.option.count > $1.option.count }) {
            text = text.replacingOccurrences(of: parameter.option, with: parameter.name)
        }
        // The value names after an option (`--label L`) mean nothing on a URL.
        for parameter in parameters {
            for valueName in ["L", "T", "N", "TIME", "NAME", "S", "F"] {
                for end in ["'", ",", ".", ";", ")"] {
                    text = text.replacingOccurrences(of: "\(parameter.name) \(valueName)\(end)", with: parameter.name + end)
                }
                if text.hasSuffix("\(parameter.name) \(valueName)") { text.removeLast(valueName.count + 1) }
            }
        }
        text = text.replacingOccurrences(of: "options '", with: "parameters '")
            .replacingOccurrences(of: "option '", with: "parameter '")
        return (text, named)
    }

    /// `a`, `a or b`, `a, b or c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}

extension ReadParameters.Parameter {
    static let asOfSeq = Self(name: "as_of_seq", option: "--as-of-seq")
    static let asOf = Self(name: "as_of", option: "--as-of")
    static let asOfTag = Self(name: "as_of_tag", option: "--as-of-tag")
    static let validAt = Self(name: "valid_at", option: "--valid-at")
    static let labelType = Self(name: "label_type", option: "--label-type")
    static let label = Self(name: "label", option: "--label")
    static let limit = Self(name: "limit", option: "--limit")
    static let days = Self(name: "days", option: "--days")
    static let below = Self(name: "below", option: "--below")
    static let status = Self(name: "status", option: "--status")
    static let rawCells = Self(name: "raw_cells", option: "--raw-cells", isFlag: true)
    static let sqlForm = Self(name: "sql_form", option: "--sql-form")

    static func format(_ choices: [String]) -> Self { Self(name: "format", option: "--format", choices: choices) }
}
