import Foundation
import Testing
@testable import EventLog

/// `CommittedLines.forEach` (the server's fold of a commit from memory) finds each line's end
/// in a raw buffer with `Memory.firstIndex` (`memchr`): checked against the plain Swift split
/// of the same bytes.
@Suite struct CommittedLinesSplitTests {
    /// The safe twin: each line (without its newline) and where it starts.
    static func plainLines(_ bytes: [UInt8]) -> [(offset: Int, line: [UInt8])] {
        var out: [(Int, [UInt8])] = []
        var start = 0
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            out.append((start, Array(bytes[start..<end])))
            start = end + 1
        }
        return out
    }

    /// Encoded records of many lengths (payloads of 0 to 2,000 bytes, with and without an
    /// event id), split in memory, equal the plain split line by line: seq, offset and bytes.
    @Test(arguments: [1, 2, 3, 17, 200])
    func eachLineIsWhereThePlainSplitPutsIt(count: Int) throws {
        var bytes: [UInt8] = []
        var random = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<count {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(random >> 53) % 2_001
            let text = String(repeating: "x", count: length)
            let record = NewRecord(type: "t\(i % 3)", eventID: i % 2 == 0 ? "e\(i)" : nil,
                                   payload: Array(#"{"k":"\#(text)"}"#.utf8))
            RecordEncoder.append(seq: UInt64(i + 1), recordedAt: Timestamp(microseconds: 1_000_000 * Int64(i)), record: record, to: &bytes)
        }
        let committed = CommittedLines(firstSeq: 1, lastSeq: UInt64(count), segmentFirstSeq: 1, byteOffset: 4_096, bytes: bytes)
        var seen: [(seq: UInt64, offset: Int, line: [UInt8])] = []
        try committed.forEach { view in
            seen.append((view.seq, view.byteOffset, Array(view.line)))
            return true
        }
        let plain = Self.plainLines(bytes)
        #expect(seen.count == plain.count && plain.count == count)
        for (i, (got, want)) in zip(seen, plain).enumerated() {
            #expect(got.seq == UInt64(i + 1))
            #expect(got.offset == 4_096 + want.offset, "line \(i + 1)")
            #expect(got.line == want.line, "line \(i + 1)")
        }
    }

    /// `Memory.firstIndex` against `Array.firstIndex` for every short shape: no newline, and one
    /// at each position with other newlines after it, in buffers of 0 to 40 bytes.
    @Test func memoryFirstIndexAgreesWithThePlainSearch() {
        for length in 0...40 {
            var shapes: [[UInt8]] = [[UInt8](repeating: 0x61, count: length)]
            for at in 0..<length {
                var bytes = [UInt8](repeating: 0x61, count: length)
                bytes[at] = 0x0A
                if at + 3 < length { bytes[at + 3] = 0x0A }
                shapes.append(bytes)
            }
            for bytes in shapes {
                let found = bytes.withUnsafeBytes { Memory.firstIndex(of: 0x0A, in: $0) }
                #expect(found == bytes.firstIndex(of: 0x0A), "\(length) \(bytes)")
            }
        }
    }
}
