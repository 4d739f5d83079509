import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks a log's sealed segments ahead of `LogCheck`'s walk, on background threads: every
/// record's envelope, checksum (and JSON, when asked) and seq, one segment at a time.
///
/// Sealed segments never change, so a segment found clean here holds exactly the records a
/// checking walk would find: `LogCheck` can take its summary (and, when asked, what `extract`
/// made of its records) instead of reading it again, or read it again without the checksums
/// and JSON — the costly part — while the next segments are checked here, on the other core. A
/// segment found unclean (or not checked, for any reason, `extract` throwing included) is walked
/// with every check, so an error is found, placed and worded exactly as it would be without this.
final class SealedSegmentCheck<Value>: @unchecked Sendable {
    /// What a clean segment holds.
    struct Summary {
        /// `extract`'s non-nil results for its records, in seq order.
        var values: [Value]
        var records: UInt64
        var lastRecordedAt: Timestamp?
        /// Its size: every byte is part of a record.
        var bytes: Int
    }

    private let segments: [Segment]
    private let validateJSON: Bool
    private let extract: (@Sendable (RecordView) throws -> Value?)?
    // Guarded by `condition`: nil while unchecked, .some(nil) when unclean.
    private let condition = NSCondition()
    private var outcome: [Summary??]
    private var nextToCheck = 0
    private var cancelled = false
    private var running = 0

    /// Starts checking `segments` (sealed ones, in log order) on `threads` threads, and when
    /// `extract` is given, running it on every record of each segment.
    init(_ segments: [Segment], validateJSON: Bool, threads: Int, extract: (@Sendable (RecordView) throws -> Value?)? = nil) {
        self.segments = segments
        self.validateJSON = validateJSON
        self.extract = extract
        outcome = Array(repeating: nil, count: segments.count)
        running = max(threads, 1)
        for _ in 0..<running {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Segment `index`'s summary when it was found clean, nil otherwise; waits for its check.
    /// Each summary is taken once (its values are handed over, not copied).
    func take(_ index: Int) -> Summary? {
        condition.lock()
        defer { condition.unlock() }
        while outcome[index] == nil, !cancelled { condition.wait() }
        guard let summary = outcome[index] ?? nil else { return nil }
        outcome[index] = .some(nil)
        return summary
    }

    /// Stops the checks not yet started and waits for the running ones to end.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        let buffer = ChunkBuffer()
        while let index = claim() {
            let summary = check(segments[index], buffer: buffer)
            condition.lock()
            outcome[index] = .some(summary)
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled, nextToCheck < segments.count else { return nil }
        nextToCheck += 1
        return nextToCheck - 1
    }

    /// The summary of `segment` when every record is intact, in seq order from its first seq,
    /// up to its last byte (and `extract` took every one); nil otherwise.
    private func check(_ segment: Segment, buffer: ChunkBuffer) -> Summary? {
        guard let file = try? OwnedFile.open(segment.path, O_RDONLY) else { return nil }
        defer { try? file.close() }
        var values: [Value] = []
        var extracted = true
        guard let walk = try? SegmentWalk.run(segment, file: file, from: 0, expectedSeq: segment.firstSeq,
                                              verifyChecksums: true, validateJSON: validateJSON,
                                              buffer: buffer, { view in
                                                  guard let extract else { return true }
                                                  do {
                                                      if let value = try extract(view) { values.append(value) }
                                                      return true
                                                  } catch {
                                                      extracted = false
                                                      return false
                                                  }
                                              }) else { return nil }
        guard extracted, walk.bad == nil, walk.validEnd == walk.end else { return nil }
        return Summary(values: values, records: walk.nextSeq - segment.firstSeq, lastRecordedAt: walk.lastRecordedAt,
                       bytes: walk.end)
    }
}
