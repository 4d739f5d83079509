import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The writer keeps the time index's header (`index/time.idx`) in memory between the appends
/// that add entries and writes it at close: a server killed with -9 leaves the header behind
/// the log. Reads by time must still be right, `verify` must pass, and the next writer brings
/// the header to the log's end.
@Suite("Time index: header behind the log after kill -9")
struct TimeIndexLagTests {
    /// The seq the header of `index/time.idx` says it covers, and its entry count.
    func header(_ log: String) throws -> (covered: UInt64, count: UInt64) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log + "/index/time.idx")))
        func word(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        // magic (8), count (8), entry CRC (8), prefix: log id (16), seq (8), ...
        return (word(40), word(8))
    }

    /// (seq, recorded_at) of every stored line, read from the segment files themselves (the
    /// zeros a killed server's writer kept after its data are padding, not a line).
    func storedTimes(_ log: String) throws -> [(seq: Int, recordedAt: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".jsonl") }.sorted()
        var out: [(Int, String)] = []
        for name in names {
            let text = try String(contentsOfFile: log + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(where: { $0 != "\0" }) {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                out.append((object?["seq"] as? Int ?? 0, object?["recorded_at"] as? String ?? ""))
            }
        }
        return out
    }

    @Test func readsByTimeAreRightAndVerifyPassesWithTheHeaderBehind() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        // 30 appends of 10 samples (about 85 KiB): entries for seq 1 and one about 64 KiB
        // later; the appends after that add none, so the header stays where that one left it.
        for request in 0..<30 {
            let body = (0..<10).map { ServerLines.submit(request * 10 + $0 + 1) }.joined(separator: "\n")
            let answer = try server.request("POST", "/v1/events", body: body)
            #expect(answer.status == 201, "\(answer.text)")
            usleep(2_000)  // distinct recorded_at per append
        }
        #expect(try server.stop(SIGKILL) != 0)
        // The recovery point, stored through a shared mapping, is current after the kill.
        let point = [UInt8](try Data(contentsOf: URL(fileURLWithPath: server.log + "/recovery.point")))
        func slotSeq(_ at: Int) -> (generation: UInt64, seq: UInt64) {
            let word = { (o: Int) in point[(at + o)..<(at + o + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            return point[at..<(at + 8)].elementsEqual(Array("TSLRCVP1".utf8)) ? (word(8), word(32)) : (0, 0)
        }
        #expect(point.count == 128)
        #expect([slotSeq(0), slotSeq(64)].max { $0.generation < $1.generation }?.seq == 300)
        let lagging = try header(server.log)
        #expect(lagging.count >= 2)
        #expect(lagging.covered >= 1 && lagging.covered < 300, "the header covers \(lagging.covered) of 300")

        let tool = try BinaryRunner.locate()
        let verify = try tool.run(["verify", "--log", server.log])
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")

        // Each append's time, as-of: the same answer as the seq of that append's last record
        // (both before and after the header's prefix; the time path bisects the index).
        let times = try storedTimes(server.log)
        #expect(times.count == 300)
        for seq in [10, 120, Int(lagging.covered) / 10 * 10, Int(lagging.covered) / 10 * 10 + 10, 250, 290, 300] {
            let at = times[seq - 1].recordedAt
            #expect(times.filter { $0.recordedAt <= at }.map(\.seq).max() == seq, "append times are distinct")
            let byTime = try tool.run(["query", "overall", "--log", server.log, "--as-of", at, "--format", "json"])
            let bySeq = try tool.run(["query", "overall", "--log", server.log, "--as-of-seq", "\(seq)", "--format", "json"])
            #expect(byTime.status == 0, "\(byTime.stderrText)")
            #expect(byTime.stdoutText == bySeq.stdoutText, "as of \(at) (seq \(seq))")
            #expect(byTime.stdoutText.contains("\(seq)"), "\(byTime.stdoutText)")
        }

        // The next writer catches the header up, and its close leaves it at the log's end.
        let append = try tool.run(["append", "--log", server.log], stdin: Array(ServerLines.submit(301).utf8))
        #expect(append.status == 0, "\(append.stderrText)")
        let current = try header(server.log)
        #expect(current.covered == 301)
        #expect(current.count == lagging.count)
        #expect(try tool.run(["verify", "--log", server.log]).status == 0)
    }
}
