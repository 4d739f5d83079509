import EventLog
import SampleDomain

/// A command line after parsing: every value already checked against its `ValueKind`.
///
/// Look values up by the name they were declared with (`"--format"`, `"NAME"`). An absent option
/// yields its declared default, if any. Asking for a name the command did not declare is a
/// programming error and stops the program (`precondition`), so typos show up in the first test.
struct ParsedArguments: Sendable {
    /// The command words, e.g. `"project stats"`.
    let commandName: String
    private let values: [String: [String]]
    private let defaults: [String: String]
    private let declared: Set<String>

    init(commandName: String, values: [String: [String]], options: [OptionSpec], arguments: [ArgumentSpec]) {
        self.commandName = commandName
        self.values = values
        var defaults: [String: String] = [:]
        for option in options { if let d = option.defaultValue { defaults[option.name] = d } }
        self.defaults = defaults
        self.declared = Set(options.map(\.name) + arguments.map(\.name))
    }

    /// Whether the option or argument was given on the command line (defaults do not count).
    func isGiven(_ name: String) -> Bool {
        checkDeclared(name)
        return values[name] != nil
    }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { isGiven(name) }

    /// The value of an option or argument (the last one if repeated), else its default.
    func string(_ name: String) -> String? {
        checkDeclared(name)
        return values[name]?.last ?? defaults[name]
    }

    /// Every value of a repeatable option or variadic argument, in command-line order; the
    /// default alone when none was given.
    func strings(_ name: String) -> [String] {
        checkDeclared(name)
        if let given = values[name] { return given }
        return defaults[name].map { [$0] } ?? []
    }

    /// An `.integer` value.
    func integer(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// A `.choice` value as a `String`-backed enum whose raw values are the choices.
    func choice<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) -> T? where T.RawValue == String {
        string(name).flatMap(T.init(rawValue:))
    }

    /// Every value of a repeatable `.choice` option as enum cases.
    func choices<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) -> [T] where T.RawValue == String {
        strings(name).compactMap(T.init(rawValue:))
    }

    /// A `.timestamp` value.
    func timestamp(_ name: String) -> Timestamp? { string(name).flatMap { Timestamp(pointInTime: $0) } }

    /// A `.sampleID` value.
    func sampleID(_ name: String) -> SampleID? { string(name).flatMap { SampleID($0) } }

    /// Every value of a repeatable `.sampleID` option.
    func sampleIDs(_ name: String) -> [SampleID] { strings(name).compactMap { SampleID($0) } }

    private func checkDeclared(_ name: String) {
        precondition(declared.contains(name), "'tslog \(commandName)' declares no option or argument '\(name)'")
    }
}
