import EventLog
import Projections

/// Everything a command's `run` may use: no globals, so tests can run commands in-process.
struct CommandContext {
    /// The checked command line (the command also has its own typed copy of the values).
    let arguments: ParsedArguments
    /// The standard streams.
    let io: IO
    /// The process environment (or the test's dictionary).
    let environment: [String: String]
    /// Where the log lives: `--log`, else `$TSLOG_DIR`, else `./tslog-data`.
    let logDirectory: String
    /// What standard output is connected to (colour, width).
    let terminal: Terminal

    /// Results go here.
    var stdout: OutputWriter { io.stdout }
    /// Notes and warnings go here (errors are printed by `tslogMain` from what `run` throws).
    var stderr: OutputWriter { io.stderr }

    /// Writes `text` and a newline to standard error at once (for progress and warnings), with
    /// any control character in it escaped (`TerminalText.escapedForMessage`).
    func note(_ text: String) {
        try? stderr.writeLine(TerminalText.escapedForMessage(text))
        try? stderr.flush()
    }

    /// Reads the lines of `file` (`nil` or `"-"`: standard input) with a `LineReader`.
    ///
    /// The file is opened before and closed after `body`.
    /// - Throws: `CLIFailure.runtime` (`cannot open 'x': No such file or directory`) when the file
    ///   cannot be opened; whatever `body` or the reader throws.
    func withInputLines<Result>(
        file: String?,
        maxLineLength: Int = LineReader.defaultMaxLineLength,
        _ body: (inout LineReader) throws -> Result
    ) throws -> Result {
        guard let file, file != "-" else {
            var reader = LineReader(io.stdin, inputName: "standard input", maxLineLength: maxLineLength)
            return try body(&reader)
        }
        let fd = try openInput(file)
        defer { try? fd.close() }
        var reader = LineReader(.fileDescriptor(fd.rawValue), inputName: "'\(file)'", maxLineLength: maxLineLength)
        return try body(&reader)
    }

    /// Opens the input file `file` for reading.
    /// - Throws: `CLIFailure.runtime` (`cannot open 'x': No such file or directory`).
    func openInput(_ file: String) throws -> FileDescriptor {
        do { return try FileDescriptor.openForReading(file) } catch {
            throw CLIFailure.runtime("cannot open '\(file)': \(error.errno.message)")
        }
    }
}
