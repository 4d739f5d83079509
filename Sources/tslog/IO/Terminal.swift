import EventLog

/// What a command may assume about the terminal its output goes to.
///
/// Decided once per run from the output descriptor and the environment:
/// - `isTerminal`: `isatty(fd)`; false for captured (in-memory) output.
/// - `usesColor`: only on a terminal, and never when `NO_COLOR` is set to a non-empty value
///   (https://no-color.org) or `TERM` is `dumb`.
/// - `width`: the window size from `ioctl(TIOCGWINSZ)`, else a positive `COLUMNS`, else 80.
struct Terminal: Equatable, Sendable {
    var isTerminal: Bool
    var usesColor: Bool
    var width: Int

    /// The width used when nothing better is known.
    static let defaultWidth = 80

    /// Detects the terminal behind `fd` (nil: output is captured, not a terminal).
    static func detect(fileDescriptor fd: Int32?, environment: [String: String]) -> Terminal {
        let tty = fd.map { FileDescriptor(rawValue: $0).isTerminal } ?? false
        return Terminal(isTerminal: tty, windowWidth: tty ? fd.flatMap(windowWidth) : nil, environment: environment)
    }

    /// The decision itself, apart from the system calls, so tests can cover every case.
    init(isTerminal: Bool, windowWidth: Int?, environment: [String: String]) {
        self.isTerminal = isTerminal
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        self.usesColor = isTerminal && !noColor && !dumb
        if let w = windowWidth, w > 0 {
            self.width = w
        } else if let text = environment["COLUMNS"], let w = Int(text), w > 0 {
            self.width = w
        } else {
            self.width = Terminal.defaultWidth
        }
    }

    init(isTerminal: Bool, usesColor: Bool, width: Int) {
        self.isTerminal = isTerminal
        self.usesColor = usesColor
        self.width = width
    }

    /// The column count the kernel reports for the terminal on `fd`, or nil.
    private static func windowWidth(_ fd: Int32) -> Int? {
        FileDescriptor(rawValue: fd).terminalColumns
    }
}
