import Foundation
import Testing
@testable import EventLog

/// `repairLog`: keeps every record before the damage, moves the rest aside, names what was lost.
@Suite("Repair: explicit, keeps everything before the damage, names what is lost")
struct RepairTests {
    /// 120 records in segments of about 1.5 KB; returns the segment names.
    func seed(_ dir: String) throws -> [String] {
        try withWriter(dir, LogOptions(segmentMaxBytes: 1500)) { w in
            for i in 0..<12 { _ = try w.append((0..<10).map { record(i * 10 + $0, pad: 20, eventID: "id-\(i * 10 + $0)") }) }
        }
        return try segmentNames(dir)
    }

    func flip(_ path: String, at offset: Int) throws {
        var bytes = try readBytes(path)
        bytes[offset] ^= 0x20
        try writeBytes(bytes, path)
    }

    func firstSeq(_ name: String) -> UInt64 { UInt64(name.prefix(20))! }  // test names are segment names

    /// Byte offset of 1-based line `line` in `path`.
    func offset(ofLine line: Int, in path: String) throws -> Int {
        let bytes = try readBytes(path)
        var n = 1
        for (i, b) in bytes.enumerated() where b == 0x0A {
            n += 1
            if n == line { return i + 1 }
        }
        return 0
    }

    func damagedFiles(_ report: RepairReport) throws -> [String] {
        guard let dir = report.damagedDirectory else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test func aFlipInTheMiddleKeepsEverythingBeforeIt() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            #expect(names.count >= 6)
            let victim = names[3]
            let at = try offset(ofLine: 3, in: dir + "/" + victim)
            try flip(dir + "/" + victim, at: at + 30)
            let lostFirst = firstSeq(victim) + 2
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .corrupt && error?.segment == victim && error?.seq == lostFirst && error?.line == 3)

            let report = try repairLog(directory: dir)
            #expect(report.problem?.contains("segment \(victim), byte offset \(at), line 3, seq \(lostFirst)") == true, "\(report)")
            #expect(report.lastSeq == lostFirst - 1)
            #expect(report.lostSeqs == lostFirst...120)
            #expect(report.lostDescription == "seq \(lostFirst)-120 (\(120 - lostFirst + 1) records)")
            #expect(report.intactMovedAside == Int(120 - lostFirst))  // all but the flipped one
            #expect(report.truncatedSegment == victim && report.keptBytes == at)
            #expect(try damagedFiles(report) == Array(names[3...]))
            #expect(try segmentNames(dir) == Array(names[...3]))
            #expect(try verifyLog(directory: dir).records == lostFirst - 1)
            #expect(try allLines(dir).map(\.0) == Array(1...(lostFirst - 1)))
            // The writer rebuilds the indexes and continues right after the kept records.
            try withWriter(dir) { (w: LogWriter) throws -> Void in
                #expect(w.lastSeq == lostFirst - 1)
                let kept = try w.contains(eventID: "id-0")
                let lost = try w.contains(eventID: "id-119")
                #expect(kept && !lost)
                let next = try w.append([record(999)])
                #expect(next?.firstSeq == lostFirst)
            }
            #expect(try verifyLog(directory: dir).records == lostFirst)
        }
    }

    @Test func seededFlipsAnywhereAreRepairedExactly() throws {
        var random = SplitMix64(seed: 0x4E9A_14)
        try withTempLog { base in
            let pristine = base + "-pristine"
            _ = try seed(pristine)
            defer { try? FileManager.default.removeItem(atPath: pristine) }
            let names = try segmentNames(pristine)
            for round in 0..<60 {
                try? FileManager.default.removeItem(atPath: base)
                try FileManager.default.copyItem(atPath: pristine, toPath: base)
                let victim = names[Int(random.next() % UInt64(names.count))]
                let size = try readBytes(base + "/" + victim).count
                let at = Int(random.next() % UInt64(size))
                try flip(base + "/" + victim, at: at)
                let error = try #require(expectLogError { _ = try verifyLog(directory: base) })
                let report = try repairLog(directory: base)
                let badSeq = try #require(error.seq)
                #expect(report.lastSeq == badSeq - 1, "round \(round)")
                #expect(try verifyLog(directory: base).records == badSeq - 1, "round \(round)")
                #expect(report.lostSeqs == badSeq...120, "round \(round): \(report.lostDescription)")
                #expect(try segmentNames(base).count + (report.keptBytes > 0 ? 0 : 1) == names.firstIndex(of: victim)! + 1,
                        "round \(round)")  // found above
            }
            try? FileManager.default.removeItem(atPath: base)
        }
    }

    @Test func aMissingSegmentIsNamedAndRepaired() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            try FileManager.default.removeItem(atPath: dir + "/" + names[2])
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap && error?.segment == names[3] && error?.seq == firstSeq(names[2]))
            #expect(error?.description.contains("segment \(names[3]) starts at seq \(firstSeq(names[3])) but the previous segment ends at seq \(firstSeq(names[2]) - 1)") == true)
            let report = try repairLog(directory: dir)
            #expect(report.lostSeqs == firstSeq(names[2])...120)
            #expect(report.intactMovedAside == Int(120 - firstSeq(names[3]) + 1))
            #expect(try segmentNames(dir) == Array(names[..<2]))
            #expect(try verifyLog(directory: dir).records == firstSeq(names[2]) - 1)
        }
    }

    @Test func aSegmentWhoseFirstSeqDoesNotFollowIsNamed() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            // Renamed one seq later: its records no longer match its name.
            let renamed = Segment.name(firstSeq: firstSeq(names[4]) + 1)
            try FileManager.default.moveItem(atPath: dir + "/" + names[4], toPath: dir + "/" + renamed)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap && error?.segment == renamed)
            let report = try repairLog(directory: dir)
            #expect(report.lostSeqs == firstSeq(names[4])...120)
            #expect(try verifyLog(directory: dir).records == firstSeq(names[4]) - 1)
        }
    }

    // `NAME.bak` was here until issue 17: a backup copy is ignored with a warning now
    // (`ReliabilitySmallTests.swapAndBackupFilesBesideTheSegmentsAreIgnoredWithAWarning`).
    @Test(arguments: ["7.jsonl", "00000000000000000001.jsonl.tmp", "00000000000000000009.jsonl.part"])
    func aGarbageLookAlikeFileIsNamedAndMovedAside(name: String) throws {
        try withTempLog { dir in
            _ = try seed(dir)
            try writeBytes(Array("garbage\n".utf8), dir + "/" + name)
            try writeBytes(Array("notes\n".utf8), dir + "/README.txt")
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .notALog && error?.description.contains("stray file \(name)") == true)
            let report = try repairLog(directory: dir)
            #expect(report.movedAside == [name])
            #expect(report.lostSeqs == nil && report.lostDescription == "no records")
            #expect(try verifyLog(directory: dir).records == 120)
            #expect(FileManager.default.fileExists(atPath: dir + "/README.txt"))
        }
    }

    @Test func aTornTailLosesNoRecordAndASoundLogIsLeftAlone() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            let sound = try repairLog(directory: dir)
            #expect(sound.problem == nil && sound.damagedDirectory == nil)
            #expect(sound.lastSeq == 120)
            let last = dir + "/" + names.last!  // seeded: not empty
            let before = try readBytes(last)
            try writeBytes(before + Array(#"{"seq":121,"recorded_at":"20"#.utf8), last)
            let report = try repairLog(directory: dir)
            #expect(report.problem?.contains("torn tail") == true)
            #expect(report.lostSeqs == nil)
            #expect(report.keptBytes == before.count)
            #expect(try readBytes(last) == before)
            #expect(try verifyLog(directory: dir).records == 120)
        }
    }

    @Test func repairWaitsForTheWriterLock() throws {
        try withTempLog { dir in
            _ = try seed(dir)
            try withWriter(dir) { _ in
                let error = expectLogError { _ = try repairLog(directory: dir, lockTimeout: 0.05) }
                #expect(error?.kind == .locked)
            }
        }
    }
}
