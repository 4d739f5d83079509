import Foundation
import TestSupport
import Testing
@testable import EventLog

@Suite("Writer lock")
struct LockTests {
    @Test func anotherProcessHoldingTheLockBlocksOpenUntilItExits() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append([record(1)]) }
            let ready = dir + "/child-ready"
            let child = try ChildProcess.spawn("/usr/bin/flock", [dir + "/LOCK", "-c", "touch '\(ready)'; sleep 1"],
                                               environment: ["PATH": "/usr/bin:/bin"])
            var waited = 0
            while !FileManager.default.fileExists(atPath: ready), waited < 500 { usleep(10_000); waited += 1 }
            #expect(FileManager.default.fileExists(atPath: ready))

            let started = Date()
            let error = expectLogError { _ = try LogWriter.open(directory: dir, options: LogOptions(lockTimeout: 0.3)) }
            #expect(Date().timeIntervalSince(started) >= 0.29)
            #expect(error?.kind == .locked)
            #expect(error?.description == "another tslog process is writing to \(dir) (lock \(dir)/LOCK held); waited 0.3 s")

            _ = try child.wait()
            try withWriter(dir, LogOptions(lockTimeout: 0.3)) { w in #expect(w.lastSeq == 1) }
        }
    }

    @Test func waitsForTheLockWithinTheTimeout() throws {
        try withTempLog { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let ready = dir + "/child-ready"
            let child = try ChildProcess.spawn("/usr/bin/flock", [dir + "/LOCK", "-c", "touch '\(ready)'; sleep 0.3"],
                                               environment: ["PATH": "/usr/bin:/bin"])
            var waited = 0
            while !FileManager.default.fileExists(atPath: ready), waited < 500 { usleep(10_000); waited += 1 }
            try withWriter(dir, LogOptions(lockTimeout: 10)) { w in #expect(w.lastSeq == 0) }
            _ = try child.wait()
        }
    }

    @Test func aSecondWriterInTheSameProcessIsRefused() throws {
        try withTempLog { dir in
            try withWriter(dir) { _ in
                let error = expectLogError { _ = try LogWriter.open(directory: dir, options: LogOptions(lockTimeout: 0)) }
                #expect(error?.kind == .locked)
            }
            // Released on close.
            try withWriter(dir, LogOptions(lockTimeout: 0)) { _ in }
        }
    }
}
