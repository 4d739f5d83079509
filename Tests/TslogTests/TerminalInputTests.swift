import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `tslog append` and `tslog import -` (the built binary) with a terminal on standard input — a
/// new user who types the command without a file: before waiting for input, each says on
/// standard error that it reads the terminal and how to end (it seemed to hang, silently); with
/// a file or a pipe it says nothing. Standard input is a real pseudo-terminal.
@Suite("reading events typed on a terminal")
struct TerminalInputTests {
    /// A pseudo-terminal: the master end this test types into, and the path of the end the child reads.
    struct PseudoTerminal {
        let master: Int32
        let path: String

        /// `posix_openpt`, `unlockpt` and `ptsname` done by hand (Glibc's module does not
        /// export them): `/dev/ptmx`, then `ioctl(TIOCSPTLCK)` and `ioctl(TIOCGPTN)`, whose
        /// request numbers (`_IOW('T', 0x31, int)`, `_IOR('T', 0x30, unsigned int)`) Swift does
        /// not import.
        init() throws {
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
                throw BinaryRunner.RunnerError(description: "no pseudo-terminal: errno \(errno)")
            }
            path = "/dev/pts/\(number)"
        }

        func type(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) } }
        func close() { Glibc.close(master) }
    }

    /// Waits up to 10 s for `file` to contain `text`.
    static func waitFor(_ text: String, in file: String) -> String {
        let deadline = Date().addingTimeInterval(10)
        var seen = ""
        while Date() < deadline {
            seen = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if seen.contains(text) { break }
            usleep(10_000)
        }
        return seen
    }

    @Test(arguments: [
        (["append"], "reading events from the terminal: one JSON object per line, then Ctrl-D to append them (or give --file F)\n",
         "appended 1 event (seq 1), 0 duplicates skipped\n"),
        (["import", "-", "--format", "json"], "reading rows from the terminal, then Ctrl-D to import them\n", "appended 1 event (seq 1); 1 row read"),
    ])
    func aTerminalOnStandardInputIsNamedBeforeTheWait(words: [String], hint: String, done: String) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.path + "/log"
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let out = dir.path + "/out", err = dir.path + "/err"
        let child = try ChildProcess.spawn(tool.executable.path, words + ["--log", log],
                                           stdin: terminal.path, stdout: out, stderr: err)
        let said = Self.waitFor(hint, in: err)
        #expect(said == hint, "\(said)")
        let line = words[0] == "append"
            ? ServerLines.submit(1)
            : #"{"id":"00000000-0000-4000-8000-000000000001","created_at":"2026-11-25T12:00:00Z","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#
        terminal.type(line + "\n\u{4}")  // one line, then Ctrl-D at the start of the next: end of input
        let status = try child.wait(timeout: 30)
        #expect(status == 0, "\((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        #expect(((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").hasPrefix(done))

        // The same input from a pipe or file: no word about a terminal.
        let piped = try tool.run(words + ["--log", dir.path + "/log2"], stdin: Array((line + "\n").utf8))
        #expect(piped.status == 0 && !piped.stderrText.contains("terminal"), "\(piped.stderrText)")
    }
}
