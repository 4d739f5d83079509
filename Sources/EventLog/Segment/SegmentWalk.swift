/// The first line of a segment that is not the expected record, or its unterminated tail.
struct BadPlace {
    var segment: Segment
    var offset: Int
    /// 1-based line number within the segment.
    var line: Int
    /// The seq that belongs at this place.
    var expectedSeq: UInt64
    /// nil for an unterminated tail of `tailBytes` bytes.
    var defect: RecordDefect?
    var tailBytes: Int = 0

    /// The error for a bad stretch at the end of the last segment that recovery would cut.
    func tornError() -> LogError {
        let why = defect.map { "first bad line: \($0)" } ?? "no newline"
        return LogError(.torn, "torn tail: \(tailBytes) bytes after the last valid record are not a complete record (\(why))",
                        segment: segment.name, byteOffset: offset, line: line, seq: expectedSeq)
    }

    /// The error naming this place. `sealed` says whether the segment is followed by another.
    func error(sealed: Bool = false) -> LogError {
        let message: String
        var kind = LogError.Kind.corrupt
        switch defect {
        case nil:
            message = sealed
                ? "sealed segment ends with \(tailBytes) bytes that are not a newline-terminated record"
                : "torn tail: \(tailBytes) bytes without a newline after the last record"
            if !sealed { kind = .torn }
        case .unexpectedSeq(let found)?:
            message = "seq does not continue: record has seq \(found) where \(expectedSeq) was expected"
            kind = .gap
        case let other?:
            message = "corrupt record: \(other)"
        }
        return LogError(kind, message, segment: segment.name, byteOffset: offset, line: line, seq: expectedSeq)
    }
}

/// How a walk over one segment ended.
struct SegmentWalkResult {
    /// The seq expected after the last valid record delivered.
    var nextSeq: UInt64
    /// Offset just past the last valid record's newline.
    var validEnd: Int
    var lastRecordedAt: Timestamp?
    /// The first bad line or unterminated tail, if any.
    var bad: BadPlace?
    /// With `continueAfterBad`: a record that passes its checksum exists after `bad`.
    var intactAfterBad = false
    /// The body asked to stop.
    var stopped = false
    /// Offset of the end of the bytes read (the file size or the `end` asked for, unless stopped).
    var end: Int
}

/// Reads the records of one segment in order, checking each one's envelope, checksum and seq.
enum SegmentWalk {
    /// Walks `segment` from byte `offset`, where seq `expectedSeq` must start.
    ///
    /// Stops at the first bad line, unless `continueAfterBad`: then it reads on only to learn
    /// whether an intact record follows (which makes the bad line corruption, not a torn tail).
    /// `validateJSON` also checks every line is valid JSON (for `verifyLog`). With `end`, the
    /// segment is read only up to that offset (a last segment's data end, `SegmentPadding`).
    static func run(_ segment: Segment, file: OwnedFile, from offset: Int, end limit: Int? = nil, expectedSeq: UInt64,
                    verifyChecksums: Bool = true, validateJSON: Bool = false, continueAfterBad: Bool = false,
                    buffer: ChunkBuffer, _ body: (RecordView) throws -> Bool) throws -> SegmentWalkResult {
        var result = SegmentWalkResult(nextSeq: expectedSeq, validEnd: offset, end: offset)
        func place(_ at: Int, _ defect: RecordDefect?) -> BadPlace {
            BadPlace(segment: segment, offset: at, line: Int(result.nextSeq - segment.firstSeq) + 1,
                     expectedSeq: result.nextSeq, defect: defect)
        }
        let end = try LineReader.forEachLine(file, from: offset, end: limit, buffer: buffer) { line, lineOffset in
            if result.bad != nil {
                // Looking past a bad line: does any intact record follow?
                if (try? RecordParser.parse(line, verifyChecksum: true)) != nil { result.intactAfterBad = true; return false }
                return true
            }
            let parsed: ParsedRecord
            do {
                parsed = try RecordParser.parse(line, verifyChecksum: verifyChecksums)
                if parsed.seq != result.nextSeq { throw RecordDefect.unexpectedSeq(found: parsed.seq) }
                if validateJSON, let failure = JSONValidator.check(line, objectOnly: true) {
                    throw RecordDefect.json("\(failure.reason) at column \(failure.offset + 1)")
                }
            } catch let defect as RecordDefect {
                result.bad = place(lineOffset, defect)
                if defect.isIntactRecord { result.intactAfterBad = true }
                return continueAfterBad && !defect.isIntactRecord
            }
            result.nextSeq += 1
            result.validEnd = lineOffset + line.count + 1
            result.lastRecordedAt = parsed.recordedAt
            let view = RecordView(parsed, line: line, segmentFirstSeq: segment.firstSeq, byteOffset: lineOffset)
            if try !body(view) { result.stopped = true; return false }
            return true
        }
        result.end = end.offset + end.unterminatedBytes
        if end.unterminatedBytes > 0, result.bad == nil {
            var tail = place(end.offset, nil)
            tail.tailBytes = end.unterminatedBytes
            result.bad = tail
        }
        if var bad = result.bad {
            bad.tailBytes = result.end - bad.offset
            result.bad = bad
        }
        return result
    }
}
