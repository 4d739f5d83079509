import EventLog

/// Where a command's standard input comes from.
enum InputSource: Sendable {
    /// A real descriptor (the process's stdin is 0).
    case fileDescriptor(Int32)
    /// Bytes held in memory, as tests give them.
    case bytes([UInt8])

    /// Whether a person types the input (a terminal): a command reading it then says so first,
    /// or it would seem to hang.
    var isTerminal: Bool {
        guard case .fileDescriptor(let fd) = self else { return false }
        return FileDescriptor(rawValue: fd).isTerminal
    }
}

/// The three standard streams of one `tslog` run.
///
/// `tslogMain` never touches the process's streams directly: `main.swift` passes `IO.standard()`,
/// tests pass `IO.capturing(stdin:)` and read what the command wrote.
struct IO {
    /// Standard input.
    var stdin: InputSource
    /// Standard output: results, help.
    var stdout: OutputWriter
    /// Standard error: error messages and progress notes.
    var stderr: OutputWriter

    /// The process's descriptors 0, 1 and 2. Standard error is flushed after every message by
    /// `tslogMain`, so its small buffer costs nothing in interleaving.
    static func standard() -> IO {
        IO(
            stdin: .fileDescriptor(FileDescriptor.standardInput.rawValue),
            stdout: OutputWriter(fileDescriptor: FileDescriptor.standardOutput.rawValue, streamName: "standard output"),
            stderr: OutputWriter(fileDescriptor: FileDescriptor.standardError.rawValue, streamName: "standard error", capacity: 4096)
        )
    }

    /// Streams for tests: stdin is `stdin`, stdout and stderr are captured in memory.
    static func capturing(stdin: [UInt8] = []) -> IO {
        IO(
            stdin: .bytes(stdin),
            stdout: OutputWriter(capturingAs: "standard output"),
            stderr: OutputWriter(capturingAs: "standard error")
        )
    }
}
