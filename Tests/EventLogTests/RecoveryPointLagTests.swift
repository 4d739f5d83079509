import Foundation
import Testing
@testable import EventLog

/// The recovery point is written after every durable append but synced a second later by a
/// background thread, and at close (`RecoveryPointFile`, `RecoveryPointSyncer`): a killed process
/// leaves it current (it is in the page cache), and a point that lags after a power loss costs
/// nothing acknowledged.
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

    @Test func writersThatStartTheBackgroundSyncCloseWithThePointCurrent() throws {
        try withTempLog { dir in
            var last = 0
            for round in 0..<12 {
                try withWriter(dir) { w in
                    // Two or more appends: the second mark starts the background sync.
                    for _ in 0...(round % 3 + 1) {
                        last += 1
                        _ = try w.append([record(last)])
                    }
                }
                let point = try RecoveryPointFile.open(dir)
                defer { point.close() }
                #expect(point.point?.seq == UInt64(last))
            }
            #expect(try verifyLog(directory: dir).records == last)
        }
    }

    /// A failed background sync is kept and thrown to the writer (which then refuses appends).
    @Test func aFailedBackgroundSyncIsReported() throws {
        struct SyncFailed: Error {}
        let called = DispatchSemaphore(value: 0)
        let syncer = RecoveryPointSyncer(interval: 0, pendingSince: 0) {
            called.signal()
            throw SyncFailed()
        }
        called.wait()
        #expect(throws: SyncFailed.self) { try syncer.stop() }
    }

    /// A mark made while the syncer runs is synced by it, or still pending when it stops: never
    /// both forgotten.
    @Test func stopSaysWhetherAMarkIsStillPending() throws {
        final class Count: @unchecked Sendable { var n = 0; let lock = NSLock() }
        let count = Count()
        let syncer = RecoveryPointSyncer(interval: 0, pendingSince: 0) {
            count.lock.withLock { count.n += 1 }
        }
        let pending = try syncer.stop()
        let synced = count.lock.withLock { count.n }
        #expect(synced == 1 ? !pending : pending)
    }
}
