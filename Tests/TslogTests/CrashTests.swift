import Foundation
import SampleDomain
import TestSupport
import Testing

/// Kills a real `tslog append` with SIGKILL at seeded random moments and checks, after every kill,
/// that every append which reported success is in the log, that the next append recovers and gets
/// the next sequence number, and that `tslog verify` passes.
@Suite("kill -9 during append")
struct CrashTests {
    @Test func acknowledgedAppendsSurviveSIGKILL() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TSLOG_CRASH_ROUNDS"] ?? "") ?? 40
        let tool = try BinaryRunner.locate()
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let dirPath = directory.path
        let log = dirPath + "/log"
        var random = SplitMix64(seed: 0x5eed_c0de)
        var acknowledged: [String] = []
        var killedMidway = 0
        var bigAcknowledged = 0

        // Kill within twice the time an uninterrupted append takes on this machine right now, so
        // that about half the kills land mid-append however loaded the machine is.
        let started = Date()
        let calibration = try tool.run(["append", "--log", dirPath + "/calibration"],
                                       stdin: Array((0..<100).map { submitLine(id: uuid(round: 0xFFFF, index: $0), eventID: "c\($0)") }.joined().utf8))
        #expect(calibration.status == 0)
        let window = UInt64(max(Date().timeIntervalSince(started) * 2_000_000, 2_000))

        for round in 0..<rounds {
            // Every fourth append is big enough (300 to 1,499 lines) to take the pipelined path:
            // lines read, and records encoded, in pieces on background threads while earlier
            // pieces are checked or written. Its kill window grows with it.
            let big = round % 4 == 3
            let count = big ? Int(random.next() % 1_200) + 300 : Int(random.next() % 200) + 1
            let batch = (0..<count).map { i in
                submitLine(id: uuid(round: round, index: i), eventID: "r\(round)-\(i)")
            }.joined()
            let input = dirPath + "/batch-\(round).jsonl"
            try batch.write(toFile: input, atomically: false, encoding: .utf8)

            let child = try ChildProcess.spawn(tool.executable.path, ["append", "--log", log, "--file", input])
            usleep(UInt32(random.next() % (big ? window * UInt64(count) / 100 : window)))
            kill(child.pid, SIGKILL)
            let status = try child.wait()
            if status == 0 {
                acknowledged.append(contentsOf: (0..<count).map { "r\(round)-\($0)" })
                if big { bigAcknowledged += 1 }
            } else {
                killedMidway += 1
            }

            // The next writer recovers and continues with the next sequence number.
            let before = try lastSeq(tool, log)
            let probe = try tool.run(["append", "--log", log], stdin: Array(submitLine(id: uuid(round: round, index: 999_999), eventID: "probe-\(round)").utf8))
            #expect(probe.status == 0, "round \(round): probe append failed: \(probe.stderrText)")
            #expect(try lastSeq(tool, log) == before + 1, "round \(round): probe did not get the next seq")
            let verify = try tool.run(["verify", "--log", log])
            #expect(verify.status == 0, "round \(round): verify failed: \(verify.stderrText)")

            let present = try eventIDs(tool, log)
            let missing = acknowledged.filter { !present.contains($0) }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged records lost, e.g. \(missing.prefix(3))")
            if !missing.isEmpty { return }
        }
        #expect(killedMidway > 0, "no kill landed during an append: the test exercised nothing")
        #expect(bigAcknowledged > 0 || rounds < 8, "no big append finished before its kill: the pipelined path was never acknowledged")
        #expect(!acknowledged.isEmpty, "no append finished before its kill: nothing acknowledged was checked")
    }

    private func submitLine(id: String, eventID: String) -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id)","event_id":"\#(eventID)","image_url":"https://x.supabase.co/storage/v1/object/public/training-data/\#(id).jpg","image_path":"\#(id).jpg","label":"near_mint","label_type":"grade"}"# + "\n"
    }

    private func uuid(round: Int, index: Int) -> String {
        String(format: "%08x-0000-4000-8000-%012x", round, index)
    }

    private func lastSeq(_ tool: BinaryRunner, _ log: String) throws -> UInt64 {
        let out = try tool.run(["log", "--log", log, "--format", "json"])
        guard out.status == 0 else { return 0 }
        var last: UInt64 = 0
        for line in out.stdoutText.split(separator: "\n") {
            if let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let seq = obj["seq"] as? NSNumber {
                #expect(seq.uint64Value == last + 1, "gap after seq \(last)")
                last = seq.uint64Value
            }
        }
        return last
    }

    private func eventIDs(_ tool: BinaryRunner, _ log: String) throws -> Set<String> {
        let out = try tool.run(["log", "--log", log, "--format", "json"])
        var ids = Set<String>()
        for line in out.stdoutText.split(separator: "\n") {
            if let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let id = obj["event_id"] as? String {
                ids.insert(id)
            }
        }
        return ids
    }
}
