#if canImport(Glibc)
import Glibc
#endif

/// Names one prefix of one log exactly: the log's id, the prefix's last seq, where that record
/// ends (its segment and the byte offset just past its newline) and the record's checksum.
///
/// A derived file stores the prefix it covers; it is believed only while the log still holds
/// that exact record at that place (`LogWriter.holds(_:)`). A file from another log (other id),
/// from an earlier life of this log (a repair cut it and other records took those seqs: other
/// checksum) or ahead of it (seq beyond the end) is then rebuilt, never believed.
package struct LogPrefix: Equatable, Sendable {
    package var logID: LogID
    /// The last seq of the prefix; 0 for the empty prefix.
    package var seq: UInt64
    /// First seq of the segment holding record `seq` (0 for the empty prefix).
    package var segmentFirstSeq: UInt64
    /// Byte offset just past record `seq`'s newline in that segment.
    package var end: UInt64
    /// Record `seq`'s stored CRC-32C.
    package var crc: UInt32

    package init(logID: LogID, seq: UInt64, segmentFirstSeq: UInt64, end: UInt64, crc: UInt32) {
        self.logID = logID
        self.seq = seq
        self.segmentFirstSeq = segmentFirstSeq
        self.end = end
        self.crc = crc
    }

    /// The empty prefix of log `id`.
    static func empty(_ id: LogID) -> LogPrefix { LogPrefix(logID: id, seq: 0, segmentFirstSeq: 0, end: 0, crc: 0) }

    /// Encoded size: id (16), seq, segment, end (8 each), crc (4), 4 zero bytes.
    static let encodedSize = 48

    func encode(into out: inout [UInt8]) {
        out.appendLE(logID.high)
        out.appendLE(logID.low)
        out.appendLE(seq)
        out.appendLE(segmentFirstSeq)
        out.appendLE(end)
        out.appendLE(UInt64(crc))
    }

    static func decode(_ bytes: [UInt8], at offset: Int) -> LogPrefix {
        LogPrefix(logID: LogID(high: bytes.loadLE(offset), low: bytes.loadLE(offset + 8)), seq: bytes.loadLE(offset + 16),
                  segmentFirstSeq: bytes.loadLE(offset + 24), end: bytes.loadLE(offset + 32),
                  crc: UInt32(truncatingIfNeeded: bytes.loadLE(offset + 40) as UInt64))
    }
}

extension LogPrefix {
    /// Whether the log with id `logID` and these segments holds this prefix exactly: same id,
    /// and at `end` of segment `segmentFirstSeq` the record `seq` with checksum `crc` (one record
    /// read). What a reader asks before believing a derived file; the writer asks `holds(_:)`.
    func isHeld(by logID: LogID?, segments: [Segment]) -> Bool {
        guard let logID, self.logID == logID else { return false }
        if seq == 0 { return true }
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].firstSeq < segmentFirstSeq { lo = mid + 1 } else { hi = mid }
        }
        guard lo < segments.count, segments[lo].firstSeq == segmentFirstSeq, seq >= segmentFirstSeq,
              let file = try? OwnedFile.open(segments[lo].path, O_RDONLY) else { return false }
        defer { try? file.close() }
        guard let record = try? RecordAtEnd.read(file, end: Int(end)) else { return false }
        return record.seq == seq && record.crc == crc
    }

    /// The prefix ending with the record `view` (of log `logID`).
    init(_ logID: LogID, endingWith view: RecordView) {
        self.init(logID: logID, seq: view.seq, segmentFirstSeq: view.segmentFirstSeq,
                  end: UInt64(view.byteOffset + view.line.count + 1), crc: RecordAtEnd.storedCRC(view.line) ?? 0)
    }
}

/// The last record of a byte range of a segment, read backwards from where it ends.
struct RecordAtEnd {
    var seq: UInt64
    var crc: UInt32
    var recordedAt: Timestamp
    /// Byte offset of the line's first byte.
    var start: Int

    /// The record whose newline is the byte before `end` in `file`, checked (envelope and
    /// checksum); nil when there is no such record there.
    static func read(_ file: OwnedFile, end: Int) throws -> RecordAtEnd? {
        guard end > 0 else { return nil }
        var window = 4096
        while true {
            let start = max(0, end - window)
            var bytes = [UInt8](repeating: 0, count: end - start)
            let n = try LogError.io(file.path, "cannot read segment") {
                try bytes.withUnsafeMutableBytes { try file.descriptor.readFully(into: $0, at: start) }
            }
            guard n == bytes.count, bytes.last == 0x0A else { return nil }
            if let previous = bytes.dropLast().lastIndex(of: 0x0A) {
                return parse(bytes[(previous + 1)..<(bytes.count - 1)], start: start + previous + 1)
            }
            if start == 0 { return parse(bytes[0..<(bytes.count - 1)], start: 0) }
            guard window < 64 << 20 else { return nil }
            window *= 8
        }
    }

    private static func parse(_ line: ArraySlice<UInt8>, start: Int) -> RecordAtEnd? {
        line.withUnsafeBufferPointer { buffer -> RecordAtEnd? in
            guard let parsed = try? RecordParser.parse(buffer, verifyChecksum: true),
                  let crc = storedCRC(buffer) else { return nil }
            return RecordAtEnd(seq: parsed.seq, crc: crc, recordedAt: parsed.recordedAt, start: start)
        }
    }

    /// The 8 hex digits of a line's `"crc32c":"xxxxxxxx"}` ending.
    static func storedCRC(_ line: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard line.count >= 10 else { return nil }
        var value: UInt32 = 0
        for b in line[(line.count - 10)..<(line.count - 2)] {
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
