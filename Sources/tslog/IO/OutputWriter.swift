import EventLog

/// Why a write to standard output or standard error did not happen.
enum OutputWriteError: Error, Sendable, CustomStringConvertible {
    /// The reader went away (EPIPE), as in `tslog log | head`. Not a failure: the command stops
    /// quietly and `tslogMain` exits 0.
    case closedByReader
    /// Any other write error, e.g. ENOSPC when stdout is a file on a full disk.
    case failed(stream: String, errno: Errno)

    var description: String {
        switch self {
        case .closedByReader:
            return "the reader closed the pipe"
        case .failed(let stream, let errno):
            return "cannot write to \(stream): \(errno)"
        }
    }
}

/// A buffered writer for standard output or standard error.
///
/// Writes collect in a large buffer (64 KiB by default) and go out in one `write(2)` when it fills
/// and on `flush()`, so printing a million log lines costs a few thousand system calls.
/// A writer either owns nothing and writes to a file descriptor, or captures into memory (tests).
///
/// EPIPE is handled quietly: SIGPIPE is ignored by `main.swift`, the first EPIPE marks the writer
/// closed, and every later write throws `OutputWriteError.closedByReader` without a system call,
/// so a command stops producing at its next write.
final class OutputWriter {
    /// Where the bytes go.
    enum Sink {
        case fileDescriptor(Int32)
        case memory
    }

    /// The destination; `.memory` keeps everything in `captured`.
    let sink: Sink
    /// The name used in error messages: "standard output" or "standard error".
    let streamName: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var closedByReader = false
    /// Everything written to a `.memory` writer, flushed or not.
    private(set) var captured: [UInt8] = []

    /// A writer to `fd`, flushing whenever `capacity` bytes are pending.
    init(fileDescriptor fd: Int32, streamName: String, capacity: Int = 64 << 10) {
        self.sink = .fileDescriptor(fd)
        self.streamName = streamName
        self.capacity = max(1, capacity)
        buffer.reserveCapacity(self.capacity)
    }

    /// A writer that keeps its output in memory, for tests.
    init(capturingAs streamName: String) {
        self.sink = .memory
        self.streamName = streamName
        self.capacity = Int.max
    }

    /// The descriptor written to, or nil when capturing.
    var fileDescriptor: Int32? {
        if case .fileDescriptor(let fd) = sink { return fd }
        return nil
    }

    /// What a `.memory` writer captured, decoded as UTF-8 (invalid bytes become U+FFFD).
    var capturedText: String { String(decoding: captured, as: UTF8.self) }

    /// Appends `text` as UTF-8. Every writing method throws only `OutputWriteError`.
    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends `text` and a newline.
    func writeLine(_ text: String = "") throws {
        try write(text)
        try write(bytes: [10])
    }

    /// Appends raw bytes (already-encoded JSON lines go out untouched).
    func write(bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in try write(bytes: raw) }
    }

    /// Appends raw bytes from a borrowed buffer.
    func write(bytes: UnsafeRawBufferPointer) throws {
        if closedByReader { throw OutputWriteError.closedByReader }
        switch sink {
        case .memory:
            captured.append(contentsOf: bytes)
        case .fileDescriptor:
            if buffer.count + bytes.count > capacity {
                try flush()
                if bytes.count >= capacity {
                    try send(bytes)
                    return
                }
            }
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes out everything buffered.
    func flush() throws {
        if closedByReader { throw OutputWriteError.closedByReader }
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { raw in try send(raw) }
    }

    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard case .fileDescriptor(let fd) = sink else { return }
        do {
            try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch where error.errno == .brokenPipe {
            closedByReader = true
            throw OutputWriteError.closedByReader
        } catch {
            throw OutputWriteError.failed(stream: streamName, errno: error.errno)
        }
    }
}
