import Testing
@testable import tslog

/// The progress bar: its frames, its width, and silence when standard error is not a terminal.
@Suite("Progress bar")
struct ProgressTests {
    @Test func framesArePinned() {
        #expect(Progress.line(label: "replay", done: 450, total: 1000, elapsed: 2, width: 80)
            == "replay [#############-----------------]  45%    450/1,000    225/s  ETA    0:02")
        #expect(Progress.line(label: "demo", done: 0, total: 10, elapsed: 0, width: 80).hasSuffix("  0%   0/10      0/s  ETA   --:--"))
        #expect(Progress.line(label: "demo", done: 10, total: 10, elapsed: 1, width: 60)
            == "demo [##################] 100%  10/10     10/s  ETA    0:00")
    }

    @Test(arguments: [20, 40, 60, 80, 200])
    func framesFitTheTerminalAndKeepTheirLength(width: Int) {
        let lines = [0, 1, 999, 12_345, 99_999, 100_000].map {
            Progress.line(label: "import", done: $0, total: 100_000, elapsed: 3.5, width: width)
        }
        for line in lines { #expect(line.count <= width - 1, "\(line)") }
        if width >= 60 { #expect(Set(lines.map(\.count)).count == 1) }
    }

    @Test func unitsAndClock() {
        #expect(Progress.short(950) == "950" && Progress.short(12_345) == "12.3k" && Progress.short(4_500_000) == "4.5M")
        #expect(Progress.clock(5) == "0:05" && Progress.clock(754) == "12:34" && Progress.clock(3_725) == "1:02:05")
    }

    @Test func onlyOnATerminalAndNeverWithDumbTerm() {
        #expect(Progress.isEnabled(stderrIsTerminal: true, environment: [:]))
        #expect(!Progress.isEnabled(stderrIsTerminal: false, environment: [:]))
        #expect(!Progress.isEnabled(stderrIsTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test func capturedStandardErrorGetsNoBar() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let r = runInProcess(["demo", "--log", log, "--samples", "300"])
        #expect(r.status == 0)
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("["))
        let replay = runInProcess(["replay", "--log", log, "--into", dir.appendingPathComponent("copy").path])
        #expect(replay.status == 0 && replay.stderr.isEmpty)
    }
}
