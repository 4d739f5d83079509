#if canImport(Glibc)
import Glibc
#endif

/// The check a writer's open makes when the log has a recovery point (`RecoveryPointFile`):
/// what was acknowledged is not read again, only what could have been left half-written.
///
/// - Each sealed segment before the recovery point's segment: its last record (read backwards
///   from its end) must be intact and end at the seq before the next segment's first: a
///   missing, cut or renamed segment is named. Its other records are not read here; every read
///   and `verify` check them.
/// - The record at the recovery point must be there, intact, with the stored seq and checksum.
///   If it is not, acknowledged records were damaged: `.corrupt`, naming the first bad place in
///   that segment and the acknowledged seqs from there to the recovery point. Nothing is cut.
/// - Everything after the recovery point is checked as `LogCheck` checks the last segment (up
///   to its last byte that is not NUL: zeros after it are a writer's padding, `SegmentPadding`): a
///   torn tail after the last intact record is returned (the caller cuts it); a bad record with
///   an intact one after it, or a bad sealed segment, is corruption.
enum RecoveryCheck {
    static func run(_ segments: [Segment], from point: LogPrefix) throws -> LogCheckResult {
        guard point.seq > 0 else { return try LogCheck.run(segments) }
        guard let index = segments.firstIndex(where: { $0.firstSeq == point.segmentFirstSeq }), point.seq >= point.segmentFirstSeq else {
            throw LogError(.corrupt, "acknowledged records are missing: the recovery point says every record through seq \(point.seq) was fsynced, in segment \(Segment.name(firstSeq: point.segmentFirstSeq)), which is not in the log; nothing was cut (run `tslog verify`, then `tslog verify --repair`)",
                           segment: Segment.name(firstSeq: point.segmentFirstSeq), seq: point.seq)
        }
        let buffer = ChunkBuffer(capacity: 256 << 10)
        for k in 0..<index { try checkEnd(of: segments[k], next: segments[k + 1], point: point, buffer: buffer) }
        var result = LogCheckResult()
        let segment = segments[index]
        let file = try OwnedFile.open(segment.path, O_RDONLY)
        defer { try? file.close() }
        guard let atPoint = try RecordAtEnd.read(file, end: Int(point.end)), atPoint.seq == point.seq, atPoint.crc == point.crc else {
            throw try damageBelow(point, in: segment, file: file, buffer: buffer)
        }
        result.lastSeq = point.seq
        result.lastRecordedAt = atPoint.recordedAt
        var expected = point.seq + 1
        for k in index..<segments.count {
            let current = segments[k]
            let isLast = k == segments.count - 1
            guard k == index || current.firstSeq == expected else { throw LogLayout.gap(current, expected: expected) }
            let walkFile = k == index ? file : try OwnedFile.open(current.path, O_RDONLY)
            defer { if k != index { try? walkFile.close() } }
            let walk = try SegmentWalk.run(current, file: walkFile, from: k == index ? Int(point.end) : 0,
                                           end: isLast ? try SegmentPadding.dataEnd(of: walkFile) : nil, expectedSeq: expected,
                                           continueAfterBad: isLast, buffer: buffer) { _ in true }
            try result.take(walk, isLast: isLast)
            expected = walk.nextSeq
        }
        result.lastSeq = expected - 1
        return result
    }

    /// A sealed segment below the recovery point must end with an intact record whose seq is
    /// the one before `next`'s first.
    private static func checkEnd(of segment: Segment, next: Segment, point: LogPrefix, buffer: ChunkBuffer) throws {
        let file = try OwnedFile.open(segment.path, O_RDONLY)
        defer { try? file.close() }
        let size = try LogError.io(segment.path, "cannot read segment") { try file.descriptor.size() }
        if let last = try RecordAtEnd.read(file, end: size), last.seq == next.firstSeq - 1 { return }
        // Read the whole segment to say exactly what is wrong.
        let walk = try SegmentWalk.run(segment, file: file, from: 0, expectedSeq: segment.firstSeq, buffer: buffer) { _ in true }
        if let bad = walk.bad { throw acknowledged(bad.error(sealed: true), from: bad.expectedSeq, through: next.firstSeq - 1, point: point) }
        throw LogLayout.gap(next, expected: walk.nextSeq)
    }

    /// The error for a record at the recovery point that is not the one acknowledged there.
    private static func damageBelow(_ point: LogPrefix, in segment: Segment, file: OwnedFile, buffer: ChunkBuffer) throws -> LogError {
        let walk = try SegmentWalk.run(segment, file: file, from: 0, expectedSeq: segment.firstSeq, buffer: buffer) { view in
            view.seq < point.seq
        }
        if let bad = walk.bad, bad.expectedSeq <= point.seq {
            return acknowledged(bad.error(), from: bad.expectedSeq, through: point.seq, point: point)
        }
        let first = min(walk.nextSeq, point.seq)
        return acknowledged(LogError(.corrupt, "the record at the recovery point is not the one acknowledged there",
                                     segment: segment.name, byteOffset: Int(point.end), seq: point.seq),
                            from: first, through: point.seq, point: point)
    }

    /// `error` restated as damage to acknowledged records `first...last`.
    private static func acknowledged(_ error: LogError, from first: UInt64, through last: UInt64, point: LogPrefix) -> LogError {
        var error = error
        error.kind = .corrupt
        let range = first >= last ? "seq \(first)" : "seq \(first)-\(last) (\(last - first + 1) records)"
        error.message = "acknowledged records damaged: \(range), at or below the recovery point (every record through seq \(point.seq) was fsynced and acknowledged); this is corruption, not a torn tail, and nothing was cut (run `tslog verify --repair` to move the damage aside). First problem: \(error.message)"
        return error
    }
}
