#if canImport(Glibc)
import Glibc
#endif

/// Reads every line of every segment and decides the repaired log: what `repairLog` will write.
///
/// Walking the lines in order with the seq expected next:
/// - an intact line (checksum, envelope, valid JSON) with the expected seq stays as it is;
/// - an intact line with a higher seq stays too; the seqs skipped before it (its damaged or
///   missing predecessors: flipped bytes, a missing segment) are healed from the backup or
///   marked (`RepairMarker`), so the chain stays gapless and every intact record keeps its seq;
/// - an intact line with a lower seq (repeated or going backwards) cannot stay: it goes aside
///   with its file and is counted;
/// - a damaged line counts as one lost record when nothing intact follows it (the end of the
///   log); an unterminated last piece of the last segment is a torn tail (never acknowledged:
///   no record is lost by it).
/// Each segment whose content changes is written anew (named after its new first seq); the
/// others are not touched.
struct RepairScan {
    let directory: String
    let backup: LogReader?
    let repairedAt = Timestamp.now()
    var report = RepairReport()

    /// One segment of the repaired log that differs from the old one.
    struct Output {
        var name: String
        var bytes: [UInt8]
    }

    /// Old files to move aside and new segments to put in their place.
    var moves: [String] = []
    var puts: [Output] = []

    // The walk's state.
    private var expected: UInt64 = 1
    private var lastTime: Timestamp?
    /// The last line put in the repaired log (for the backup's neighbour check) and its seq.
    private var lastLine: [UInt8] = []
    /// Damaged lines seen since the last intact one, and the first one's description.
    private var pendingDamaged = 0
    private var pendingReason: String?

    init(directory: String, backup: String?) throws {
        self.directory = directory
        self.backup = try backup.map { path in
            do { return try LogReader(directory: path) } catch {
                throw LogError(.notALog, "cannot read the backup at \(path): \(error)", path: path)
            }
        }
    }

    /// Scans the log; false when it is sound (nothing to do).
    mutating func run() throws -> Bool {
        var segments: [Segment] = []
        for name in try SegmentDirectory.names(directory).sorted() {
            if let seq = Segment.firstSeq(ofName: name) {
                segments.append(Segment(firstSeq: seq, directory: directory))
            } else if !SegmentDirectory.isIgnorable(name), SegmentDirectory.looksLikeSegment(name) {
                moves.append(name)
                noteProblem("stray file \(name) looks like a segment but is not named <20-digit first seq>.jsonl")
            }
        }
        segments.sort { $0.firstSeq < $1.firstSeq }
        var output: [UInt8] = []
        var outputFirst: UInt64?
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            var bytes = try Self.readAll(segment)
            // A running or crashed writer's padding (`SegmentPadding`) is not data.
            if isLast { bytes.removeLast(bytes.count - SegmentPadding.dataEnd(of: bytes)) }
            if segment.firstSeq != expected { noteProblem(LogLayout.gap(segment, expected: expected).description) }
            var changed = false
            output = []
            outputFirst = nil
            var start = 0
            var line = 1
            while start < bytes.count {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                    // An unterminated end: a torn append in the last segment, damage in a sealed one.
                    changed = true
                    if isLast {
                        report.tornBytes = bytes.count - start
                        noteProblem(LogError(.torn, "torn tail: \(bytes.count - start) bytes without a newline after the last record",
                                             segment: segment.name, byteOffset: start, line: line, seq: expected).description)
                    } else {
                        damaged("sealed segment ends with \(bytes.count - start) bytes that are not a newline-terminated record",
                                segment, start, line)
                    }
                    break
                }
                let lineBytes = Array(bytes[start..<newline])
                switch Self.check(lineBytes) {
                case .failure(let defect):
                    changed = true
                    damaged("corrupt record: \(defect)", segment, start, line)
                case .success(let record):
                    if record.seq < expected {
                        changed = true
                        report.intactMovedAside += 1
                        noteProblem(LogError(.gap, "seq does not continue: record has seq \(record.seq) where \(expected) was expected",
                                             segment: segment.name, byteOffset: start, line: line, seq: expected).description)
                    } else {
                        if record.seq > expected {
                            changed = true
                            if pendingDamaged == 0 {
                                noteProblem(start == 0 ? LogLayout.gap(segment, expected: expected).description
                                            : LogError(.gap, "seq does not continue: record has seq \(record.seq) where \(expected) was expected",
                                                       segment: segment.name, byteOffset: start, line: line, seq: expected).description)
                            }
                            fill(through: record.seq - 1, next: (record.recordedAt, lineBytes), into: &output, &outputFirst)
                        }
                        pendingDamaged = 0
                        pendingReason = nil
                        if outputFirst == nil { outputFirst = record.seq }
                        output += lineBytes
                        output.append(0x0A)
                        lastLine = lineBytes
                        lastTime = record.recordedAt
                        expected = record.seq + 1
                    }
                }
                start = newline + 1
                line += 1
            }
            if isLast, pendingDamaged > 0 {
                // Damaged lines at the very end: each stood for one record.
                fill(through: expected + UInt64(pendingDamaged) - 1, next: nil, into: &output, &outputFirst)
            }
            if outputFirst.map({ $0 != segment.firstSeq }) ?? !bytes.isEmpty { changed = true }
            guard changed else { continue }
            moves.append(segment.name)
            if let first = outputFirst {
                let name = Segment.name(firstSeq: first)
                if name == segment.name, output.count < bytes.count, bytes.starts(with: output), report.healedSeqs.isEmpty,
                   report.markedSeqs.isEmpty {
                    report.truncatedSegment = name
                    report.keptBytes = output.count
                }
                puts.append(Output(name: name, bytes: output))
            }
        }
        report.lastSeq = expected - 1
        return !moves.isEmpty
    }

    /// A damaged line at `offset` of `segment`.
    private mutating func damaged(_ what: String, _ segment: Segment, _ offset: Int, _ line: Int) {
        let error = LogError(.corrupt, what, segment: segment.name, byteOffset: offset, line: line, seq: expected + UInt64(pendingDamaged))
        noteProblem(error.description)
        if pendingReason == nil { pendingReason = "\(what) (segment \(segment.name), byte offset \(offset), line \(line))" }
        pendingDamaged += 1
    }

    private mutating func noteProblem(_ text: String) {
        if report.problem == nil { report.problem = text }
    }

    /// Puts a record at every seq from `expected` through `last`: the backup's when it holds that
    /// seq intact and agrees with the log around it, else a repair marker. `next` is the intact
    /// record that follows (its time and bytes), nil at the end of the log.
    private mutating func fill(through last: UInt64, next: (time: Timestamp, line: [UInt8])?,
                               into output: inout [UInt8], _ outputFirst: inout UInt64?) {
        guard last >= expected else { return }
        let reason = pendingReason ?? "no record with this seq was found (a missing segment or lines)"
        let healed = healing(expected...last, next: next)
        for seq in expected...last {
            if outputFirst == nil { outputFirst = seq }
            if let line = healed?[Int(seq - expected)] {
                output += line.bytes
                output.append(0x0A)
                lastLine = line.bytes
                lastTime = line.time
                report.healedSeqs.append(seq)
            } else {
                let time = lastTime ?? next?.time ?? repairedAt
                let marker = RepairMarker.line(seq: seq, recordedAt: time, reason: reason, repairedAt: repairedAt)
                output += marker
                lastLine = Array(marker.dropLast())
                lastTime = time
                report.markedSeqs.append(seq)
            }
        }
        expected = last + 1
    }

    /// The backup's lines for `seqs`, when it holds every one intact, with non-decreasing times
    /// that fit between the neighbours, and agrees byte for byte with the log's intact records
    /// on each side (so it is a copy of this log, not of another); nil otherwise.
    private func healing(_ seqs: ClosedRange<UInt64>, next: (time: Timestamp, line: [UInt8])?) -> [(bytes: [UInt8], time: Timestamp)]? {
        guard let backup else { return nil }
        var lines: [(bytes: [UInt8], time: Timestamp)] = []
        let from = seqs.lowerBound > 1 && !lastLine.isEmpty ? seqs.lowerBound - 1 : seqs.lowerBound
        let through = next != nil && seqs.upperBound < backup.lastSeq ? seqs.upperBound + 1 : seqs.upperBound
        guard through <= backup.lastSeq else { return nil }
        var before: [UInt8]?, after: [UInt8]?
        do {
            try backup.scan(from: from, through: through) { view in
                let bytes = Array(view.line)
                if view.seq < seqs.lowerBound { before = bytes } else if view.seq > seqs.upperBound { after = bytes }
                else { lines.append((bytes, view.recordedAt)) }
            }
        } catch { return nil }
        guard lines.count == seqs.count else { return nil }
        if let before, before != lastLine { return nil }
        if let after, let next, after != next.line { return nil }
        if before == nil && after == nil && (lastTime != nil || next != nil) { return nil }  // nothing to compare with
        var time = lastTime
        for line in lines {
            if let t = time, line.time < t { return nil }
            time = line.time
        }
        if let next, let t = time, next.time < t { return nil }
        return lines
    }

    /// A line's record when it is intact: envelope, checksum, valid JSON.
    static func check(_ line: [UInt8]) -> Result<(seq: UInt64, recordedAt: Timestamp), RecordDefect> {
        line.withUnsafeBufferPointer { buffer in
            do {
                let parsed = try RecordParser.parse(buffer, verifyChecksum: true)
                if let failure = JSONValidator.check(buffer, objectOnly: true) {
                    return .failure(.json("\(failure.reason) at column \(failure.offset + 1)"))
                }
                return .success((parsed.seq, parsed.recordedAt))
            } catch let defect as RecordDefect {
                return .failure(defect)
            } catch {
                return .failure(.json("\(error)"))
            }
        }
    }

    static func readAll(_ segment: Segment) throws -> [UInt8] {
        let file = try OwnedFile.open(segment.path, O_RDONLY)
        defer { try? file.close() }
        let size = try LogError.io(segment.path, "cannot read segment") { try file.descriptor.size() }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try LogError.io(segment.path, "cannot read segment") {
            try bytes.withUnsafeMutableBytes { try file.descriptor.readFully(into: $0, at: 0) }
        }
        bytes.removeLast(size - n)
        return bytes
    }
}
