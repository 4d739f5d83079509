import Foundation
import Testing
@testable import EventLog

/// Thousands of seeded single-byte changes anywhere in a multi-segment log: `verifyLog` must
/// detect each one and name the segment, the byte offset of the damaged line, its line number
/// and the seq that belongs there.
@Suite("Corruption: every flipped byte is detected and placed")
struct CorruptionTests {
    /// One line of the log: which segment, where it starts, its 1-based line and its seq.
    struct Line {
        var segment: String
        var start: Int
        var end: Int  // just past the newline
        var line: Int
        var seq: UInt64
        var isLastOfLog: Bool
    }

    func lines(_ dir: String) throws -> [Line] {
        var out: [Line] = []
        var seq: UInt64 = 1
        for name in try segmentNames(dir) {
            let bytes = try readBytes(dir + "/" + name)
            var start = 0
            var n = 1
            for (i, b) in bytes.enumerated() where b == 0x0A {
                out.append(Line(segment: name, start: start, end: i + 1, line: n, seq: seq, isLastOfLog: false))
                start = i + 1; n += 1; seq += 1
            }
        }
        if !out.isEmpty { out[out.count - 1].isLastOfLog = true }
        return out
    }

    @Test func everySingleByteFlipIsDetectedWithItsPlace() throws {
        let flips = Int(ProcessInfo.processInfo.environment["TSLOG_FLIPS"] ?? "") ?? 3000
        var random = SplitMix64(seed: 0xF11B_B17E)
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 3000)) { w in
                for i in 0..<30 {
                    _ = try w.append((0..<10).map { record(i * 10 + $0, pad: Int(random.next() % 60), eventID: "id-\(i)-\($0)") })
                }
            }
            let all = try lines(dir)
            #expect(Set(all.map(\.segment)).count >= 10, "want a multi-segment log")
            var detected = 0, asTorn = 0
            for flip in 0..<flips {
                let line = all[Int(random.next() % UInt64(all.count))]
                let path = dir + "/" + line.segment
                let original = try readBytes(path)
                var damaged = original
                let at = line.start + Int(random.next() % UInt64(line.end - line.start))
                damaged[at] ^= UInt8(1 + random.next() % 255)
                try writeBytes(damaged, path)
                defer { try? writeBytes(original, path) }
                guard let error = expectLogError({ _ = try verifyLog(directory: dir) }) else {
                    Issue.record("flip \(flip): byte \(at) of \(line.segment) went undetected")
                    continue
                }
                detected += 1
                // The last line of the log, damaged, is indistinguishable from a torn append.
                if error.kind == .torn {
                    asTorn += 1
                    #expect(line.isLastOfLog, "flip \(flip): torn reported for a line that is not the log's last: \(error)")
                } else {
                    #expect(error.kind == .corrupt || error.kind == .gap, "flip \(flip): \(error)")
                }
                #expect(error.segment == line.segment, "flip \(flip) at \(line.segment):\(at): \(error)")
                #expect(error.byteOffset == line.start, "flip \(flip) at \(line.segment):\(at): \(error)")
                #expect(error.line == line.line, "flip \(flip) at \(line.segment):\(at): \(error)")
                #expect(error.seq == line.seq, "flip \(flip) at \(line.segment):\(at): \(error)")
                #expect(error.description.contains(line.segment) && error.description.contains("seq \(line.seq)"))
                // Every fifth flip, the writer's open — with its fold read out on the threads that
                // check the sealed segments — refuses the same place (a torn last line it cuts).
                if flip % 5 == 0, error.kind != .torn {
                    var applied = 0
                    let refused = expectLogError {
                        _ = try LogWriter.open(directory: dir, extract: { $0.seq }, apply: { _ in applied += 1 })
                    }
                    #expect(refused?.kind == error.kind && refused?.segment == error.segment
                            && refused?.byteOffset == error.byteOffset && refused?.seq == error.seq,
                            "flip \(flip): open refused \(String(describing: refused)), verify \(error)")
                }
            }
            #expect(detected == flips)
            print("corruption: \(flips) single-byte flips tried over \(Set(all.map(\.segment)).count) segments, \(detected) detected (\(asTorn) in the log's last line, reported as a torn tail)")
        }
    }
}
