import Foundation
import Testing
@testable import EventLog

/// The recovery point is written after every durable append but fsynced at most once a second
/// and at close (`RecoveryPointFile`): a killed process leaves it current (it is in the page
/// cache), and a point that lags after a power loss costs nothing acknowledged.
@Suite("Recovery point: written every append, fsynced lazily")
struct RecoveryPointLagTests {
    @Test func everyAppendMovesThePointInTheFileBeforeItReturns() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                for i in 1...5 {
                    _ = try w.append([record(i)])
                    // What a process killed now would leave: the file as written.
                    let point = try RecoveryPointFile.open(dir)
                    defer { point.close() }
                    #expect(point.point?.seq == UInt64(i))
                    #expect(point.point == w.end)
                }
            }
            let point = try RecoveryPointFile.open(dir)
            defer { point.close() }
            #expect(point.point?.seq == 5)
        }
    }

    @Test func aLaggingPointKeepsTheAcknowledgedRecordsAfterIt() throws {
        try withTempLog { dir in
            var stale: [UInt8] = []
            try withWriter(dir) { w in
                for i in 1...6 {
                    _ = try w.append([record(i, pad: i * 5, eventID: "id-\(i)")])
                    if i == 2 { stale = try readBytes(dir + "/recovery.point") }
                }
            }
            // A power cut that kept the fsynced records but not the point's last writes.
            try writeBytes(stale, dir + "/recovery.point")
            try withWriter(dir) { w in
                #expect(w.recovery.truncatedBytes == 0)
                #expect(w.recovery.lastSeq == 6)
                let stored = try w.seq(ofEventID: "id-6")
                #expect(stored == 6)
                let next = try w.append([record(7)])
                #expect(next?.firstSeq == 7)
            }
            let point = try RecoveryPointFile.open(dir)
            defer { point.close() }
            #expect(point.point?.seq == 7)
            #expect(try verifyLog(directory: dir).records == 7)
        }
    }
}
