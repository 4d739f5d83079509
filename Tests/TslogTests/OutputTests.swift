import Foundation
import Testing
@testable import tslog

#if canImport(Glibc)
import Glibc
#endif

@Suite("OutputWriter")
struct OutputWriterTests {
    @Test func memoryWriterCapturesEverything() throws {
        let w = OutputWriter(capturingAs: "standard output")
        try w.write("héllo ")
        try w.writeLine("您好🙂")
        try w.write(bytes: [0xFF, 0x0A])
        #expect(w.captured == Array("héllo 您好🙂\n".utf8) + [0xFF, 0x0A])
        #expect(w.fileDescriptor == nil)
    }

    @Test func fileWriterBuffersUntilFullOrFlushed() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let url = directory.appendingPathComponent("out")
        try Data().write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let w = OutputWriter(fileDescriptor: handle.fileDescriptor, streamName: "standard output", capacity: 16)
        try w.write("0123456789")
        #expect(try Data(contentsOf: url).count == 0)
        try w.write("abcdefghij")           // 20 > 16: the first 10 go out
        #expect(try Data(contentsOf: url).count == 10)
        try w.write(String(repeating: "L", count: 40))  // larger than the buffer: straight through
        #expect(try Data(contentsOf: url).count == 60)
        try w.flush()
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self)
            == "0123456789abcdefghij" + String(repeating: "L", count: 40))
    }

    @Test func brokenPipeMarksTheWriterClosed() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let w = OutputWriter(fileDescriptor: fds[1], streamName: "standard output")
        try w.write("buffered, not yet sent")
        #expect(throws: OutputWriteError.self) { try w.flush() }
        do { try w.write("x") } catch {
            guard case OutputWriteError.closedByReader = error else {
                Issue.record("expected closedByReader, got \(error)")
                return
            }
            return
        }
        Issue.record("a write after EPIPE must throw")
    }

    @Test func otherWriteErrorsNameTheStream() throws {
        let w = OutputWriter(fileDescriptor: -1, streamName: "standard output")
        try w.write("x")
        do {
            try w.flush()
            Issue.record("writing to fd -1 must fail")
        } catch {
            #expect("\(error)" == "cannot write to standard output: Bad file descriptor (errno 9)")
        }
    }
}

@Suite("Terminal")
struct TerminalTests {
    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(Terminal(isTerminal: true, windowWidth: 100, environment: [:]).usesColor)
        #expect(!Terminal(isTerminal: false, windowWidth: nil, environment: [:]).usesColor)
        #expect(!Terminal(isTerminal: true, windowWidth: nil, environment: ["NO_COLOR": "1"]).usesColor)
        // no-color.org: an empty NO_COLOR does not count.
        #expect(Terminal(isTerminal: true, windowWidth: nil, environment: ["NO_COLOR": ""]).usesColor)
        #expect(!Terminal(isTerminal: true, windowWidth: nil, environment: ["TERM": "dumb"]).usesColor)
    }

    @Test func widthFromWindowThenColumnsThenEighty() {
        #expect(Terminal(isTerminal: true, windowWidth: 132, environment: ["COLUMNS": "90"]).width == 132)
        #expect(Terminal(isTerminal: true, windowWidth: nil, environment: ["COLUMNS": "90"]).width == 90)
        #expect(Terminal(isTerminal: false, windowWidth: nil, environment: ["COLUMNS": "wide"]).width == 80)
        #expect(Terminal(isTerminal: false, windowWidth: nil, environment: ["COLUMNS": "0"]).width == 80)
        #expect(Terminal(isTerminal: false, windowWidth: 0, environment: [:]).width == 80)
    }

    @Test func detectOnAFileOrCaptureIsNotATerminal() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let url = directory.appendingPathComponent("f")
        try Data().write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let t = Terminal.detect(fileDescriptor: handle.fileDescriptor, environment: ["COLUMNS": "100"])
        #expect(t == Terminal(isTerminal: false, usesColor: false, width: 100))
        #expect(Terminal.detect(fileDescriptor: nil, environment: [:]) == Terminal(isTerminal: false, usesColor: false, width: 80))
    }
}

@Suite("TextStyle")
struct TextStyleTests {
    @Test func stylesOnlyWhenColourIsOn() {
        let on = Terminal(isTerminal: true, usesColor: true, width: 80)
        let off = Terminal(isTerminal: true, windowWidth: nil, environment: ["NO_COLOR": "1"])
        #expect(on.styled("ok", .green) == "\u{1B}[32mok\u{1B}[0m")
        #expect(on.styled("", .red) == "")
        #expect(off.styled("ok", .green) == "ok")
    }
}
