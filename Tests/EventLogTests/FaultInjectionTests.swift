import Foundation
import Testing
@testable import EventLog

/// Drives the writer through `FaultPlan`, the test-only file layer, injecting one seeded fault
/// per append: write errors (EIO, ENOSPC) after a seeded number of bytes, short writes, fsync
/// errors, and process death followed by a power cut that drops or tears the bytes written since
/// the last successful fsync. After every fault the log is checked against a model of the
/// acknowledged records.
@Suite("Fault injection: write and fsync errors, short writes, power loss")
struct FaultInjectionTests {
    /// The `n` of each record's payload `{"n":…}`, in seq order, read back with a `LogReader`.
    func storedNumbers(_ dir: String) throws -> [Int] {
        try allLines(dir).map { seq, line in
            guard let start = line.range(of: #""data":{"n":"#)?.upperBound else { return -1 }
            return Int(line[start...].prefix(while: \.isNumber)) ?? -1
        }
    }

    struct Tally {
        var faults: [String: Int] = [:]
        var cutTails = 0
        var survivorsOfFailedBatches = 0
        var losses: [String: Int] = [:]
        var appends = 0
    }

    /// Without padding (segments too small for it), and with the writer keeping 512 zero bytes
    /// ahead of its data (`LogWriter+Padding`): appends then overwrite zeros, the power cut
    /// may drop or tear those writes and the zeros written ahead.
    @Test(arguments: [0, 512])
    func everyFaultLeavesAValidLogHoldingEveryAcknowledgedRecord(paddingBytes: Int) throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TSLOG_FAULT_ROUNDS"] ?? "") ?? 600
        var random = SplitMix64(seed: 0xFA17_5EED)
        func rnd(_ n: Int) -> Int { n <= 1 ? 0 : Int(random.next() % UInt64(n)) }
        var tally = Tally()
        try withTempLog { dir in
            var options = LogOptions(segmentMaxBytes: paddingBytes == 0 ? 1500 : 4 * paddingBytes)
            options.paddingBytes = paddingBytes
            var acked: [Int] = []
            var next = 0
            var writer: LogWriter? = try LogWriter.open(directory: dir, options: options)
            defer { try? writer?.close() }
            for round in 0..<rounds {
                let w = try #require(writer)
                let plan = FaultPlan()
                w.faultPlan = plan
                let count = 1 + rnd(8)
                let batch = (0..<count).map { next + $0 }
                next += count
                let fault: FaultPlan.Fault
                switch rnd(6) {
                case 0: fault = .writeError(.ioError, afterBytes: rnd(400))
                case 1: fault = .writeError(.noSpace, afterBytes: rnd(400))
                case 2: fault = .shortWrite(bytes: 1 + rnd(300))
                case 3: fault = .fsyncError(rnd(2) == 0 ? .ioError : .noSpace)
                default: fault = .crash(keepBytes: rnd(600))
                }
                plan.inject(fault, at: rnd(4))
                let firstSeq = UInt64(acked.count + 1)
                var abandoned = false
                do {
                    let result = try w.append(batch.map { record($0, pad: rnd(120), eventID: "e\($0)") })
                    #expect(result?.firstSeq == firstSeq, "round \(round)")
                    acked += batch
                } catch let error as LogError where error.kind == .io {
                    // A failed write: the batch is rolled back, the writer goes on.
                    #expect(error.syscall == "write", "round \(round): \(error)")
                    #expect(try storedNumbers(dir) == acked, "round \(round): rollback left records behind")
                    #expect(w.lastSeq == UInt64(acked.count))
                } catch let error as LogError where error.kind == .writerUnusable {
                    // A failed fsync: never reported as success, never retried.
                    #expect(error.syscall == "fsync", "round \(round): \(error)")
                    let again = expectLogError { _ = try w.append([record(-1)]) }
                    #expect(again?.kind == .writerUnusable)
                    abandoned = true
                } catch is FaultPlan.SimulatedCrash {
                    abandoned = true
                }
                for (kind, n) in plan.fired { tally.faults[kind, default: 0] += n }
                tally.appends += 1
                guard abandoned else { continue }

                // The process is gone: close its handles, cut the power, reopen.
                try w.close()
                writer = nil
                for loss in try plan.losePower(random: rnd) {
                    let key = loss.nameLost ? "segment name lost" : loss.kept == 0 ? "all undurable bytes dropped"
                        : loss.torn > 0 ? "kept a prefix, torn end" : "kept a prefix"
                    tally.losses[key, default: 0] += 1
                }
                if rnd(4) == 0 { try damageAnIndex(dir, rnd) }
                // Sizes without trailing zeros: those are padding, never counted as cut.
                let onDisk = try segmentNames(dir).last.map { SegmentPadding.dataEnd(of: try readBytes(dir + "/" + $0)) } ?? 0
                let reopened = try LogWriter.open(directory: dir, options: options)
                writer = reopened
                let lastSize = try segmentNames(dir).last.map { SegmentPadding.dataEnd(of: try readBytes(dir + "/" + $0)) } ?? 0
                #expect(reopened.recovery.truncatedBytes == onDisk - lastSize, "round \(round): cut not reported")
                if reopened.recovery.truncatedBytes > 0 { tally.cutTails += 1 }
                _ = try verifyLog(directory: dir)
                // Every acknowledged record, then at most a prefix of the failed batch.
                let stored = try storedNumbers(dir)
                #expect(Array(stored.prefix(acked.count)) == acked, "round \(round): acknowledged records lost")
                let extra = Array(stored.dropFirst(acked.count))
                #expect(extra == Array(batch.prefix(extra.count)), "round \(round): unexpected records \(extra)")
                tally.survivorsOfFailedBatches += extra.count
                acked = stored
                #expect(reopened.lastSeq == UInt64(acked.count))
                if let last = acked.last { #expect(try reopened.contains(eventID: "e\(last)"), "round \(round)") }
                if let absent = batch.last, !acked.contains(absent) {
                    #expect(try !reopened.contains(eventID: "e\(absent)"), "round \(round)")
                }
            }
            try writer?.close()
            writer = nil
            #expect(try verifyLog(directory: dir).records == UInt64(acked.count))
            #expect(try storedNumbers(dir) == acked)
            #expect(try jqFailures(dir).isEmpty)
        }
        print("fault injection (padding \(paddingBytes)): \(tally.appends) appends; faults survived: \(tally.faults.sorted { $0.key < $1.key }); "
              + "power-loss outcomes: \(tally.losses.sorted { $0.key < $1.key }); torn tails cut: \(tally.cutTails); "
              + "records of failed batches that survived intact: \(tally.survivorsOfFailedBatches)")
        for kind in ["write EIO", "write ENOSPC", "short write", "fsync EIO", "fsync ENOSPC", "power loss in write", "power loss in fsync"] {
            #expect(tally.faults[kind, default: 0] > 0, "no \(kind) fault fired: the test exercised nothing")
        }
        #expect(tally.cutTails > 0)
    }

    /// A power cut may leave index files short or garbled.
    func damageAnIndex(_ dir: String, _ rnd: (Int) -> Int) throws {
        let path = dir + "/index/" + (rnd(2) == 0 ? "time.idx" : "event_id.tbl")
        guard var bytes = try? readBytes(path), !bytes.isEmpty else { return }
        if rnd(2) == 0 {
            bytes = Array(bytes.prefix(rnd(bytes.count)))
        } else {
            bytes[rnd(bytes.count)] ^= UInt8(1 + rnd(255))
        }
        try writeBytes(bytes, path)
    }
}
