import Foundation
import Testing
@testable import EventLog

/// A complete last record whose checksum fails is damage, not a torn append: the writer refuses
/// to open (it may be an acknowledged record) instead of cutting it, and repair keeps the rest.
@Suite("Recovery: a damaged last record is not a torn tail")
struct LastRecordDamageTests {
    @Test func completeLastRecordWithBadChecksumIsRefusedNotCut() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append((1...4).map { record($0, pad: 10) }) }
            let segment = dir + "/00000000000000000001.jsonl"
            var bytes = try readBytes(segment)
            let lastStart = try #require(bytes.dropLast().lastIndex(of: 0x0A)) + 1
            // A byte inside the payload of the last record: the envelope still parses, the checksum does not.
            let dataStart = try #require(String(decoding: bytes[lastStart...], as: UTF8.self).range(of: "\"data\":{"))
            let target = lastStart + String(decoding: bytes[lastStart...], as: UTF8.self).utf8.distance(
                from: String(decoding: bytes[lastStart...], as: UTF8.self).startIndex, to: dataStart.upperBound) + 1
            bytes[target] ^= 0x01
            try writeBytes(bytes, segment)

            let error = expectLogError { try LogWriter.open(directory: dir).close() }
            #expect(error?.kind == .corrupt)
            #expect(error?.seq == 4)
            #expect(error?.segment == "00000000000000000001.jsonl")
            #expect(try readBytes(segment) == bytes, "nothing was cut")
            let verify = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(verify?.kind == .corrupt)

            // Issue 17: the damaged last record's seq holds a repair marker (it was complete, so
            // it may have been acknowledged); before, repair cut it (lastSeq 3).
            let report = try repairLog(directory: dir)
            #expect(report.lastSeq == 4 && report.markedSeqs == [4])
            let verified = try verifyLog(directory: dir)
            #expect(verified.records == 4 && verified.lostSeqs == [4])
        }
    }
}
