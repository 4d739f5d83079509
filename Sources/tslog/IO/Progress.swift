import EventLog
import Projections

/// A progress bar with rate and ETA for long commands, drawn on standard error — only when
/// standard error is a terminal (never into a file, a pipe or a test's captured output), and
/// never with `TERM=dumb`.
///
/// Redraws at most ten times a second on one line (`\r`), and clears that line when finished,
/// so what the command prints afterwards starts on a clean line:
///
///     let progress = Progress(context, label: "replay", total: seq)
///     for … { progress.update(done) }
///     progress.finish()
final class Progress {
    private let out: OutputWriter?
    private let label: String
    private let total: Int
    private let width: Int
    private let start: Double
    private var lastDraw = -1.0

    /// A bar counting up to `total` units; inert unless standard error is a terminal.
    init(_ context: CommandContext, label: String, total: Int) {
        let fd = context.io.stderr.fileDescriptor
        let terminal = Terminal.detect(fileDescriptor: fd, environment: context.environment)
        let enabled = Progress.isEnabled(stderrIsTerminal: terminal.isTerminal, environment: context.environment)
        out = enabled ? context.io.stderr : nil
        self.label = label
        self.total = max(total, 0)
        width = terminal.width
        start = Progress.now()
    }

    /// Whether a bar is drawn: standard error is a terminal and `TERM` is not `dumb`.
    static func isEnabled(stderrIsTerminal: Bool, environment: [String: String]) -> Bool {
        stderrIsTerminal && environment["TERM"] != "dumb"
    }

    /// Notes that `done` units are finished; redraws if 100 ms have passed since the last draw.
    func update(_ done: Int) {
        guard let out else { return }
        let t = Progress.now()
        guard t - lastDraw >= 0.1 || done >= total else { return }
        lastDraw = t
        try? out.write("\r" + Progress.line(label: label, done: done, total: total, elapsed: t - start, width: width))
        try? out.flush()
    }

    /// Erases the bar.
    func finish() {
        guard let out, lastDraw >= 0 else { return }
        try? out.write("\r\u{1B}[K")
        try? out.flush()
    }

    /// One frame: `label [#######-------]  45%  12,345/27,000  1.2k/s  ETA 0:12`, cut to `width - 1`
    /// columns (the bar shrinks first).
    static func line(label: String, done: Int, total: Int, elapsed: Double, width: Int) -> String {
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var eta = "--:--"
        if rate > 0, total >= done, Double(total - done) / rate < 36_000 { eta = clock(Double(total - done) / rate) }
        let percent = String(Int(fraction * 100))
        func pad(_ text: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - text.count)) + text }
        // Fixed-width fields, so the bar keeps its length while the numbers grow.
        let tail = " \(pad(percent, 3))%  \(pad(grouped(done), grouped(total).count))/\(grouped(total))  \(pad(short(rate), 5))/s  ETA \(pad(eta, 7))"
        let room = width - 1 - label.count - tail.count - 3
        guard room >= 5 else { return String((label + tail).prefix(max(width - 1, 0))) }
        let barWidth = min(room, 40)
        let filled = Int(fraction * Double(barWidth))
        return "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: barWidth - filled))]\(tail)"
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }

    /// `950`, `12.3k`, `4.5M`.
    static func short(_ x: Double) -> String {
        func one(_ v: Double) -> String { let t = Int((v * 10).rounded()); return "\(t / 10).\(t % 10)" }
        return x >= 1e6 ? one(x / 1e6) + "M" : x >= 1e4 ? one(x / 1e3) + "k" : String(Int(x.rounded()))
    }

    static func grouped(_ n: Int) -> String { NumberText.grouped(n) }

    private static func now() -> Double {
        SystemProcess.monotonicSeconds()
    }
}
