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

    /// The lines of every record, by seq.
    func lines(_ dir: String) throws -> [UInt64: String] {
        Dictionary(uniqueKeysWithValues: try allLines(dir))
    }

    // Issue 17 changed what repair keeps: every record that passes its checksum stays at its seq
    // (before, everything from the damage on was moved aside), and each damaged or missing seq
    // holds a log.lost marker unless a backup heals it.

    @Test func aFlipInTheMiddleKeepsEveryIntactRecord() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            #expect(names.count >= 6)
            let pristine = try lines(dir)
            let victim = names[3]
            let at = try offset(ofLine: 3, in: dir + "/" + victim)
            try flip(dir + "/" + victim, at: at + 30)
            let lostFirst = firstSeq(victim) + 2
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .corrupt && error?.segment == victim && error?.seq == lostFirst && error?.line == 3)

            let report = try repairLog(directory: dir)
            #expect(report.problem?.contains("segment \(victim), byte offset \(at), line 3, seq \(lostFirst)") == true, "\(report)")
            #expect(report.lastSeq == 120)
            #expect(report.markedSeqs == [lostFirst] && report.lostSeqs == lostFirst...lostFirst)
            #expect(report.lostDescription == "seq \(lostFirst) (1 record)")
            #expect(report.intactMovedAside == 0 && report.healedSeqs.isEmpty)
            #expect(try damagedFiles(report) == [victim])
            #expect(try segmentNames(dir) == names)
            let verified = try verifyLog(directory: dir)
            #expect(verified.records == 120 && verified.lostSeqs == [lostFirst])
            let after = try lines(dir)
            for seq in UInt64(1)...120 where seq != lostFirst { #expect(after[seq] == pristine[seq], "seq \(seq)") }
            #expect(after[lostFirst]?.contains(#""type":"log.lost","v":1,"data":{"reason":"corrupt record: "#) == true)
            // The writer rebuilds the indexes and continues after the last record.
            try withWriter(dir) { (w: LogWriter) throws -> Void in
                #expect(w.lastSeq == 120)
                let kept = try w.contains(eventID: "id-119")
                let lost = try w.contains(eventID: "id-\(lostFirst - 1)")
                #expect(kept && !lost)
                let next = try w.append([record(999)])
                #expect(next?.firstSeq == 121)
            }
            #expect(try verifyLog(directory: dir).records == 121)
        }
    }

    /// 60 seeded single-byte flips anywhere: every record not touched by the flip stays byte for
    /// byte at its seq; the touched ones (one, or two when a newline was hit) are marked; only a
    /// flip of the log's very last newline is a torn tail instead (nothing marked, seq 120 cut).
    @Test func seededFlipsAnywhereAreRepairedExactly() throws {
        var random = SplitMix64(seed: 0x4E9A_14)
        try withTempLog { base in
            let pristine = base + "-pristine"
            _ = try seed(pristine)
            defer { try? FileManager.default.removeItem(atPath: pristine) }
            let names = try segmentNames(pristine)
            let original = try lines(pristine)
            var marked = 0, torn = 0
            for round in 0..<60 {
                try? FileManager.default.removeItem(atPath: base)
                try FileManager.default.copyItem(atPath: pristine, toPath: base)
                let victim = names[Int(random.next() % UInt64(names.count))]
                let size = try readBytes(base + "/" + victim).count
                let at = Int(random.next() % UInt64(size))
                try flip(base + "/" + victim, at: at)
                let error = try #require(expectLogError { _ = try verifyLog(directory: base) })
                let badSeq = try #require(error.seq)
                let report = try repairLog(directory: base)
                let verified = try verifyLog(directory: base)
                #expect(verified.lostSeqs == report.markedSeqs, "round \(round)")
                if report.tornBytes > 0 {
                    torn += 1
                    #expect(report.lastSeq == 119 && report.markedSeqs.isEmpty, "round \(round)")
                } else {
                    marked += 1
                    #expect(report.lastSeq == 120, "round \(round)")
                    #expect(report.markedSeqs.first == badSeq && report.markedSeqs.count <= 2, "round \(round): \(report.lostDescription)")
                }
                #expect(verified.records == report.lastSeq, "round \(round)")
                let after = try lines(base)
                for seq in UInt64(1)...report.lastSeq where !report.markedSeqs.contains(seq) {
                    #expect(after[seq] == original[seq], "round \(round), seq \(seq)")
                }
            }
            print("seeded flips: \(marked) repaired with markers, \(torn) torn tails")
            try? FileManager.default.removeItem(atPath: base)
        }
    }

    @Test func aMissingSegmentIsNamedAndItsSeqsMarked() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            try FileManager.default.removeItem(atPath: dir + "/" + names[2])
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap && error?.segment == names[3] && error?.seq == firstSeq(names[2]))
            #expect(error?.description.contains("segment \(names[3]) starts at seq \(firstSeq(names[3])) but the previous segment ends at seq \(firstSeq(names[2]) - 1)") == true)
            #expect(error?.description.contains("renamed") == false)
            let report = try repairLog(directory: dir)
            let missing = Array(firstSeq(names[2])..<firstSeq(names[3]))
            #expect(report.markedSeqs == missing)
            #expect(report.lastSeq == 120 && report.intactMovedAside == 0)
            // The markers open the next segment, which is named after them now.
            #expect(try segmentNames(dir) == names.filter { $0 != names[3] })
            let verified = try verifyLog(directory: dir)
            #expect(verified.records == 120 && verified.lostSeqs == missing)
        }
    }

    @Test func aSegmentWhoseFirstSeqDoesNotFollowIsNamedAndRenamedBack() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            let pristine = try lines(dir)
            // Renamed one seq later: its records no longer match its name.
            let renamed = Segment.name(firstSeq: firstSeq(names[4]) + 1)
            try FileManager.default.moveItem(atPath: dir + "/" + names[4], toPath: dir + "/" + renamed)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap && error?.segment == renamed)
            // The name alone announces a missing seq; the first record says none is missing.
            #expect(error?.description.contains("segment \(renamed) starts at seq \(firstSeq(renamed)) but the previous segment ends at seq \(firstSeq(names[4]) - 1); its first record is seq \(firstSeq(names[4])), which is the seq expected there: the file was renamed and no record is missing") == true, "\(String(describing: error))")
            let report = try repairLog(directory: dir)
            #expect(report.problem?.contains("segment \(renamed) starts at seq") == true, "\(report)")
            #expect(report.markedSeqs.isEmpty && report.lastSeq == 120)
            #expect(try segmentNames(dir) == names)
            #expect(try lines(dir) == pristine)
        }
    }

    @Test func aRenamedFirstSegmentIsNamedAsRenamed() throws {
        try withTempLog { dir in
            let names = try seed(dir)
            let renamed = Segment.name(firstSeq: 2)
            try FileManager.default.moveItem(atPath: dir + "/" + names[0], toPath: dir + "/" + renamed)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .gap && error?.segment == renamed)
            #expect(error?.description.contains("starts at seq 2, not 1; its first record is seq 1, which is the seq expected there: the file was renamed and no record is missing") == true, "\(String(describing: error))")
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
            #expect(report.lostSeqs == nil && report.tornBytes == #"{"seq":121,"recorded_at":"20"#.utf8.count)
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
