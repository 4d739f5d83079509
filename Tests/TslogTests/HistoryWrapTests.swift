import Foundation
import Testing

/// `tslog history` on a terminal (issue 19 item 7): the table wraps long cells — reasons, labels,
/// URLs — to the terminal's width instead of cutting them, and a pipe gets the same one-line rows
/// as before, whatever `COLUMNS` says. The terminal is a real pty (python's `pty` module runs the
/// built binary under it), its width set with TIOCSWINSZ or, with none, taken from `COLUMNS`.
@Suite("history wraps to the terminal")
struct HistoryWrapTests {
    static let sample = "00000000-0000-4000-8000-000000000001"
    static let reason = "a second look under better light showed that the crease is really a spine tick, see https://example.com/very/long/url/that/goes/on/and/on?with=query&params=1"
    static let events = [
        #"{"type":"sample.submitted","sample_id":"\#(sample)","occurred_at":"2026-11-25T12:00:00Z","image_url":"https://img.example/scans/2026/11/25/a-rather-long-file-name.jpg","image_path":"p/1.jpg","label":"Corner Crease","label_type":"defect"}"#,
        #"{"type":"sample.relabeled","sample_id":"\#(sample)","occurred_at":"2026-11-26T08:30:00.123456Z","label":"Spine Tick with a much longer label name","label_type":"defect","reason":"\#(reason)","actor":"ann"}"#,
    ]

    /// Runs the binary under a pty: `columns` set on the pty (nil: left 0, unknown), `COLUMNS`
    /// in the environment when given. Returns what the terminal showed, `\r\n` made `\n`.
    static let underPTY = #"""
import os, pty, struct, sys, fcntl, termios
cols, env_cols, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    if cols != "-":
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, int(cols), 0, 0))
    env = {"PATH": "/usr/bin:/bin"}
    if env_cols != "-":
        env["COLUMNS"] = env_cols
    os.execve(argv[0], argv, env)
out = b""
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8").replace("\r\n", "\n"))
sys.exit(os.waitstatus_to_exitcode(status))
"""#

    /// The change column's pieces of every line of a history table, joined without spaces.
    static func changeText(_ table: String) -> [String] {
        table.split(separator: "\n").dropFirst(2).filter { !$0.hasPrefix("(") }
            .map { $0.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false).last.map(String.init) ?? "" }
            .map { $0.replacingOccurrences(of: " ", with: "") }
    }

    @Test func wrapsOnATerminalAndStaysOneLinePerRowInAPipe() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.events.joined(separator: "\n") + "\n").utf8)).status == 0)
        let words = [tool.executable.path, "history", Self.sample, "--log", log]

        // A pipe: one line per row, nothing cut, COLUMNS ignored (the bytes of before).
        let piped = try tool.run(Array(words.dropFirst()))
        #expect(piped.status == 0)
        #expect(piped.stdoutText.split(separator: "\n").count == 5)
        #expect(piped.stdoutText.contains("reason=" + Self.reason + "; actor=ann\n"))
        #expect(try tool.run(Array(words.dropFirst()), environment: ["COLUMNS": "40"]).stdout == piped.stdout)

        guard try Pillow.available("pty") else { return }
        let full = Self.changeText(piped.stdoutText).joined()
        for (cols, env) in [("60", "-"), ("-", "50"), ("100", "30")] {
            let limit = Int(cols == "-" ? env : cols) ?? 0
            let shown = try Pillow.run(Self.underPTY, [cols, env] + words, in: dir)
            let lines = shown.split(separator: "\n")
            // Every line fits the terminal (the text here is one column per character)…
            #expect(lines.allSatisfy { $0.count <= limit }, "\(cols)/\(env):\n\(shown)")
            // …the rows wrapped onto more lines…
            #expect(lines.count > 8, "\(cols)/\(env):\n\(shown)")
            #expect(shown.hasSuffix("(2 rows)\n"))
            // …and nothing was cut: the change column's pieces hold the whole reason and URL.
            #expect(!shown.contains("…"))
            #expect(Self.changeText(shown).joined() == full, "\(cols)/\(env):\n\(shown)")
        }
    }
}
