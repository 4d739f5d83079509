import Foundation
import Testing
@testable import EventLog

/// The zeros a durable writer keeps ahead of its data in the last segment (`SegmentPadding`,
/// `LogWriter+Padding`): readers, verify and recovery take them for unwritten space, a torn
/// record written into them is cut, a sealed segment never keeps them, and a clean close cuts
/// them off.
@Suite("Padding: zeros ahead of the data in the last segment")
struct PaddingTests {
    /// Segments of 64 KiB padded 4 KiB at a time.
    var padded: LogOptions {
        var options = LogOptions(segmentMaxBytes: 64 << 10)
        options.paddingBytes = 4 << 10
        return options
    }

    let segment1 = "/00000000000000000001.jsonl"

    @Test func zerosAfterTheLastRecordArePadding() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append((1...3).map { record($0, pad: 10) }) }
            let bytes = try readBytes(dir + segment1)
            try writeBytes(bytes + [UInt8](repeating: 0, count: 10_000), dir + segment1)
            let reader = try LogReader(directory: dir)
            #expect(reader.lastSeq == 3)
            #expect(try allLines(dir).count == 3)
            #expect(try reader.storage().bytes == UInt64(bytes.count))
            #expect(reader.approximateBytes(through: 3) == bytes.count)
            var parallel: [UInt64] = []
            try reader.scanParallel(through: nil, verifyChecksums: true, threads: 2, chunkSize: 100,
                                    transform: { $0.seq }, consume: { _, seq in parallel.append(seq) })
            #expect(parallel == [1, 2, 3])
            let report = try verifyLog(directory: dir)
            #expect(report.records == 3)
            #expect(report.bytes == UInt64(bytes.count))
            try withWriter(dir) { w in
                #expect(w.recovery.truncatedBytes == 0)
                #expect(w.lastSeq == 3)
                _ = try w.append([record(4)])
                // Written over the zeros, at the data end.
                #expect(try readBytes(dir + segment1).count == bytes.count + 10_000)
            }
            // The close cut the zeros off.
            let after = try readBytes(dir + segment1)
            #expect(Array(after.prefix(bytes.count)) == bytes)
            #expect(after.last == 0x0A)
            #expect(!after.contains(0))
            #expect(try allLines(dir).map(\.0) == [1, 2, 3, 4])
        }
    }

    /// A reader finds the end of a padded segment from the recovery point's mark when the record
    /// there checks out (records after the mark included), and by reading backwards otherwise.
    @Test func readersTakeTheRecoveryPointAsAHintOnlyWhenItChecksOut() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append((1...3).map { record($0, pad: 10) }) }
            // Two more without fsync: the mark stays at seq 3.
            try withWriter(dir, LogOptions(durable: false)) { w in _ = try w.append([record(4), record(5)]) }
            let bytes = try readBytes(dir + segment1)
            try writeBytes(bytes + [UInt8](repeating: 0, count: 300_000), dir + segment1)
            let reader = try LogReader(directory: dir)
            #expect(reader.lastSeq == 5)
            #expect(try reader.storage().bytes == UInt64(bytes.count))
            #expect(try allLines(dir).map(\.0) == [1, 2, 3, 4, 5])
            // A mark that names another record (a copy of another log's point): not believed.
            var other = bytes
            let third = other.indices.filter { other[$0] == 0x0A }[2]
            other.replaceSubrange((third - 3)..<third, with: Array("aa}".utf8))  // record 3's checksum changed
            try writeBytes(other + [UInt8](repeating: 0, count: 300_000), dir + segment1)
            #expect(try LogReader(directory: dir).lastSeq == 5)
            #expect(try LogReader(directory: dir).storage().bytes == UInt64(bytes.count))
        }
    }

    /// A record torn while written over the zeros: its first bytes, maybe a hole of zeros, maybe
    /// later bytes of it, then the rest of the padding.
    @Test(arguments: [
        Array(#"{"seq":4,"recorded_at":"2026-11-25T12:00"#.utf8),
        Array(#"{"seq":4,"recorded_at""#.utf8) + [UInt8](repeating: 0, count: 600) + Array(#"ype":"test.event"}"#.utf8),
        Array("garbage".utf8) + [0x0A] + [UInt8](repeating: 0, count: 20) + [0x0A],
    ])
    func aTornRecordInThePaddingIsCutAndReportedWithoutThePadding(torn: [UInt8]) throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append((1...3).map { record($0, pad: 10) }) }
            let bytes = try readBytes(dir + segment1)
            try writeBytes(bytes + torn + [UInt8](repeating: 0, count: 5000), dir + segment1)
            #expect(try LogReader(directory: dir).lastSeq == 3)
            #expect(try allLines(dir).count == 3)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .torn)
            #expect(error?.byteOffset == bytes.count)
            #expect(error?.message.contains("\(torn.count) bytes") == true, "\(String(describing: error))")
            try withWriter(dir) { w in
                #expect(w.recovery.truncatedBytes == torn.count)
                #expect(w.recovery.segment == "00000000000000000001.jsonl")
                #expect(w.lastSeq == 3)
            }
            #expect(try readBytes(dir + segment1) == bytes)
        }
    }

    /// `verify --repair` takes the last segment's zeros for padding: a sound padded log needs
    /// no repair, and a torn record in the padding is the torn tail it cuts (zeros not counted).
    @Test func repairTakesTheZerosForPadding() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in _ = try w.append((1...3).map { record($0, pad: 10) }) }
            let bytes = try readBytes(dir + segment1)
            try writeBytes(bytes + [UInt8](repeating: 0, count: 3000), dir + segment1)
            let sound = try repairLog(directory: dir)
            #expect(sound.problem == nil, "\(sound)")
            #expect(sound.movedAside.isEmpty)
            let torn = Array(#"{"seq":4,"recorded"#.utf8)
            try writeBytes(bytes + torn + [UInt8](repeating: 0, count: 3000), dir + segment1)
            let report = try repairLog(directory: dir)
            #expect(report.tornBytes == torn.count, "\(report)")
            #expect(report.lastSeq == 3)
            #expect(try readBytes(dir + segment1) == bytes)
            #expect(try verifyLog(directory: dir).records == 3)
        }
    }

    @Test func zerosAtTheEndOfASealedSegmentAreDamage() throws {
        try withTempLog { dir in
            try withWriter(dir, LogOptions(segmentMaxBytes: 300)) { w in
                for i in 1...6 { _ = try w.append([record(i, pad: 60)]) }
            }
            let names = try segmentNames(dir)
            #expect(names.count >= 2)
            let first = dir + "/" + names[0]
            let bytes = try readBytes(first)
            try writeBytes(bytes + [UInt8](repeating: 0, count: 64), first)
            let error = expectLogError { _ = try verifyLog(directory: dir) }
            #expect(error?.kind == .corrupt)
            #expect(error?.segment == names[0])
            #expect(error?.byteOffset == bytes.count)
            let opened = expectLogError { _ = try LogWriter.open(directory: dir) }
            #expect(opened?.kind == .corrupt)
            #expect(opened?.segment == names[0])
            let read = expectLogError { _ = try allLines(dir) }
            #expect(read?.segment == names[0])
        }
    }

    @Test func theWriterPadsFromItsSecondAppendAndCutsAtRotationAndClose() throws {
        try withTempLog { dir in
            let options = padded
            try withWriter(dir, options) { w in
                _ = try w.append([record(1, pad: 100)])
                // One append (a CLI `append`): no padding.
                let one = try readBytes(dir + segment1)
                #expect(!one.contains(0))
                _ = try w.append([record(2, pad: 100)])
                let two = try readBytes(dir + segment1)
                let data = SegmentPadding.dataEnd(of: two)
                #expect(two.count == data + options.paddingBytes)
                #expect(two[data...].allSatisfy { $0 == 0 })
                // Readers, while the writer is open and padded.
                #expect(try allLines(dir).map(\.0) == [1, 2])
                #expect(try LogReader(directory: dir).storage().bytes == UInt64(data))
                #expect(try verifyLog(directory: dir).records == 2)
                // Appends until the segment rotates: the sealed one ends at its data.
                var seq = 2
                while try segmentNames(dir).count < 3 {
                    seq += 1
                    _ = try w.append([record(seq, pad: 500)])
                }
                let names = try segmentNames(dir)
                for name in names.dropLast() {
                    let sealed = try readBytes(dir + "/" + name)
                    #expect(sealed.last == 0x0A, "\(name)")
                    #expect(!sealed.contains(0), "\(name)")
                }
                #expect(try verifyLog(directory: dir).records == UInt64(seq))
                #expect(try allLines(dir).count == seq)
            }
            for name in try segmentNames(dir) {
                let bytes = try readBytes(dir + "/" + name)
                #expect(!bytes.contains(0), "\(name) kept zeros after the close")
            }
            #expect(try jqFailures(dir).isEmpty)
        }
    }

    /// A writer that dies (a simulated crash) leaves its padding; the next open keeps every
    /// acknowledged record, reports no torn tail, and writes on over the zeros.
    @Test func aCrashedWritersPaddingIsKeptAndWrittenOver() throws {
        try withTempLog { dir in
            let options = padded
            let writer = try LogWriter.open(directory: dir, options: options)
            for i in 1...5 { _ = try writer.append([record(i, pad: 50)]) }
            let plan = FaultPlan()
            writer.faultPlan = plan
            plan.inject(.crash(keepBytes: 0), at: 0)
            #expect(throws: FaultPlan.SimulatedCrash.self) { _ = try writer.append([record(6, pad: 50)]) }
            try writer.close()
            let before = try readBytes(dir + segment1)
            #expect(before.count > SegmentPadding.dataEnd(of: before))
            try withWriter(dir, options) { w in
                #expect(w.recovery.truncatedBytes == 0)
                #expect(w.lastSeq == 5)
                _ = try w.append([record(7, pad: 50)])
            }
            #expect(try allLines(dir).map(\.0) == [1, 2, 3, 4, 5, 6])
            #expect(try verifyLog(directory: dir).records == 6)
        }
    }
}
