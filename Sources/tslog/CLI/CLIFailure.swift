/// The exit statuses `tslog` uses (from BSD sysexits where one fits).
enum ExitCode {
    /// Success. Also used when the reader of standard output went away (`tslog log | head`).
    static let success: Int32 = 0
    /// A runtime failure: bad input data, a corrupt log, an I/O error.
    static let failure: Int32 = 1
    /// `query --fail-if-rows`: the answer has rows (a result, not an error; see `QueryCommand`).
    static let rowsFound: Int32 = 2
    /// EX_USAGE: the command line itself is wrong.
    static let usage: Int32 = 64
}

/// A failure a command reports to the user; `tslogMain` prints it and picks the exit status.
///
/// - `usage`: the command line is wrong. Printed as three lines on standard error —
///   `Error: <message>`, `Usage: <the command's first usage line>`,
///   `See 'tslog <command> --help' for more information.` — exit 64.
/// - `runtime`: anything else. Printed as `Error: <message>`, exit 1.
///
/// Command bodies throw these; other errors thrown by a body are printed the same way as
/// `runtime` (`Error: ` followed by their description).
struct CLIFailure: Error, Equatable, Sendable, CustomStringConvertible {
    enum Kind: Equatable, Sendable {
        case usage
        case runtime
    }

    var kind: Kind
    /// The text after `Error: `, with no trailing newline.
    var message: String

    /// A wrong command line, e.g. `unknown option '--form'. Did you mean '--format'?`.
    static func usage(_ message: String) -> CLIFailure {
        CLIFailure(kind: .usage, message: message)
    }

    /// A failure while running, e.g. `line 3: field 'label': empty label`.
    static func runtime(_ message: String) -> CLIFailure {
        CLIFailure(kind: .runtime, message: message)
    }

    /// What a command without a body throws until the integrator writes it.
    static func notImplemented(_ command: String) -> CLIFailure {
        .runtime("'tslog \(command)' is not implemented yet")
    }

    var exitCode: Int32 { kind == .usage ? ExitCode.usage : ExitCode.failure }

    var description: String { message }
}
