#if canImport(Glibc)
import Glibc
#endif

/// A byte range of one segment; it owns the lines that *start* inside `start..<end`.
struct ChunkPlan: Sendable {
    var segmentIndex: Int
    var segment: Segment
    var start: Int
    var end: Int
}

/// How far a worker got through a chunk, and whether it met anything the sequential reader must
/// judge (a bad line, a torn piece, a seq that does not follow, an `add` that threw). Records
/// before the anomaly are good.
struct ChunkProgress: Sendable {
    /// The seq of the chunk's first record; the records of a chunk have consecutive seqs.
    var firstSeq: UInt64 = 0
    /// How many records were added.
    var count = 0
    var anomaly = false
    /// The chunk reached a record past the scan's last seq.
    var reachedEnd = false
}

/// What one worker made of a chunk: its records, added in order to one batch, and its progress.
struct ChunkOutcome<Batch: Sendable>: Sendable {
    var progress = ChunkProgress()
    /// The chunk's records.
    var batch: Batch?
}

/// Reads one chunk: finds its first line start, then parses, checks and adds to a batch each
/// line starting before `end` (reading past `end` only to finish the last one).
///
/// Generic over the batch only per chunk: per record it calls `add`, a closure the caller
/// compiled for its own batch type, so no generic value is copied per record here.
enum ChunkScan {
    static func run<Batch: Sendable>(_ plan: ChunkPlan, through: UInt64, verifyChecksums: Bool, buffer: inout [UInt8],
                                     makeBatch: (Int) -> Batch, add: (inout Batch, RecordView) throws -> Void) -> ChunkOutcome<Batch> {
        var batch = makeBatch(plan.end - plan.start)
        var progress = ChunkProgress()
        scan(plan, through: through, verifyChecksums: verifyChecksums, buffer: &buffer, outcome: &progress) { view in
            try add(&batch, view)
        }
        return ChunkOutcome(progress: progress, batch: batch)
    }

    /// `run`'s reading, not generic: calls `add` on each record in order, and notes in `outcome`
    /// how many it took and why it stopped.
    private static func scan(_ plan: ChunkPlan, through: UInt64, verifyChecksums: Bool, buffer: inout [UInt8],
                             outcome: inout ChunkProgress, add: (RecordView) throws -> Void) {
        guard let file = try? OwnedFile.open(plan.segment.path, O_RDONLY) else { outcome.anomaly = true; return }
        defer { try? file.close() }
        // Read from one byte before `start`, to tell whether a line starts exactly at `start`.
        let readFrom = max(plan.start - 1, 0)
        let want = plan.end - readFrom + (64 << 10)
        if buffer.count < want { buffer = [UInt8](repeating: 0, count: want) }
        var filled = read(file, into: &buffer, at: readFrom, count: want)
        guard filled >= 0 else { outcome.anomaly = true; return }
        var expected: UInt64? = nil
        var times = RecentTime()
        var pos = 0  // buffer index of the next line start
        if plan.start > 0 {
            guard let nl = find(buffer, from: 0, to: filled) else { return }  // no line starts here
            pos = nl + 1
        }
        while readFrom + pos < plan.end {
            var newline = find(buffer, from: pos, to: filled)
            while newline == nil {
                // The line runs past what was read: read more, or it is an unterminated tail.
                let more = max(buffer.count, 64 << 10)
                buffer.append(contentsOf: repeatElement(0, count: more))
                let n = read(file, into: &buffer, at: readFrom + filled, count: more, bufferOffset: filled)
                guard n > 0 else { outcome.anomaly = true; return }
                filled += n
                newline = find(buffer, from: pos, to: filled)
            }
            guard let nl = newline else { outcome.anomaly = true; return }
            let lineOffset = readFrom + pos
            let stop: Bool = buffer.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { outcome.anomaly = true; return true }
                let line = UnsafeBufferPointer(start: base + pos, count: nl - pos)
                guard let parsed = try? RecordParser.parse(line, verifyChecksum: verifyChecksums, times: &times),
                      expected == nil || parsed.seq == expected else { outcome.anomaly = true; return true }
                if parsed.seq > through { outcome.reachedEnd = true; return true }
                let view = RecordView(parsed, line: line, segmentFirstSeq: plan.segment.firstSeq, byteOffset: lineOffset)
                do { try add(view) } catch { outcome.anomaly = true; return true }
                if outcome.count == 0 { outcome.firstSeq = parsed.seq }
                outcome.count += 1
                expected = parsed.seq + 1
                return false
            }
            if stop { return }
            pos = nl + 1
        }
    }

    /// Index of the first newline in `buffer[from..<to]`.
    private static func find(_ buffer: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return buffer.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base + from, 0x0A, to - from) else { return nil }
            return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
        }
    }

    /// Reads up to `count` bytes at file offset `offset` into `buffer[bufferOffset...]`; -1 on error.
    private static func read(_ file: OwnedFile, into buffer: inout [UInt8], at offset: Int, count: Int, bufferOffset: Int = 0) -> Int {
        buffer.withUnsafeMutableBytes { raw in
            let room = UnsafeMutableRawBufferPointer(rebasing: raw[bufferOffset..<(bufferOffset + count)])
            return (try? file.descriptor.readFully(into: room, at: offset)) ?? -1
        }
    }
}
