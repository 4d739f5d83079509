import Foundation

extension LogReader {
    /// Reads every record from seq 1 through `through` (default `lastSeq`) like `scan`, but reads,
    /// checksums, parses and `transform`s the records on `threads` worker threads, chunk by
    /// chunk, and hands the results to `consume` in seq order on the calling thread.
    ///
    /// For a fold whose per-record decoding is the expensive part: decoding runs on every core
    /// while the calling thread folds. The results are exactly those of
    ///
    ///     try scan(through: through) { view in try consume(view.seq, transform(view)) }
    ///
    /// including errors: when a worker meets anything unusual (a bad or torn line, a seq that
    /// does not follow, a segment that does not start where it should, a `transform` that throws),
    /// the records before it are consumed and the rest of the log is read sequentially from
    /// there with `scan`, which throws the same error it always would.
    ///
    /// - Complexity: O(bytes read). Memory: about `2 × threads + 2` chunks of 4 MiB and their
    ///   transformed records.
    public func scanParallel<T: Sendable>(
        through: UInt64? = nil, verifyChecksums: Bool = true,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        transform: @escaping @Sendable (RecordView) throws -> T,
        consume: (UInt64, T) throws -> Void
    ) throws {
        try scanParallel(through: through, verifyChecksums: verifyChecksums, threads: threads,
                         chunkSize: 4 << 20, transform: transform, consume: consume)
    }

    /// `scanParallel` with chunks of `chunkSize` bytes (tests use tiny chunks to cut lines).
    package func scanParallel<T: Sendable>(
        through: UInt64?, verifyChecksums: Bool, threads: Int, chunkSize: Int,
        transform: @escaping @Sendable (RecordView) throws -> T,
        consume: (UInt64, T) throws -> Void
    ) throws {
        let end = min(through ?? lastSeq, lastSeq)
        guard end > 0 else { return }
        let plans = chunkPlans(size: max(chunkSize, 1))
        let pipeline = ChunkPipeline<T>(plans: plans, window: 2 * max(threads, 1) + 2)
        pipeline.start(workers: max(threads, 1), through: end, verifyChecksums: verifyChecksums, transform: transform)
        defer { pipeline.stop() }
        var expected: UInt64 = 1
        for (index, plan) in plans.enumerated() {
            let outcome = pipeline.take(index)
            if plan.start == 0, outcome.values.isEmpty || outcome.firstSeq != plan.segment.firstSeq { break }  // the walk judges the segment
            if !outcome.values.isEmpty, outcome.firstSeq != expected { break }
            var seq = outcome.firstSeq
            for value in outcome.values {
                guard seq <= end else { break }
                try consume(seq, value)
                seq += 1
                expected = seq
            }
            if expected > end { return }
            if outcome.anomaly || outcome.reachedEnd { break }
        }
        // Something a worker could not vouch for, or the chunks ended early: read on sequentially.
        pipeline.stop()
        try layout.walk(from: expected, through: end, verifyChecksums: verifyChecksums) { view in
            try consume(view.seq, transform(view))
            return true
        }
    }

    /// The segments cut into chunks of about `size` bytes (one empty chunk for an empty segment).
    func chunkPlans(size: Int) -> [ChunkPlan] {
        var plans: [ChunkPlan] = []
        for (index, segment) in layout.segments.enumerated() {
            var st = stat()
            let bytes = stat(segment.path, &st) == 0 ? Int(st.st_size) : 0
            var start = 0
            repeat {
                plans.append(ChunkPlan(segmentIndex: index, segment: segment, start: start, end: min(start + size, bytes)))
                start += size
            } while start < bytes
        }
        return plans
    }
}

/// Worker threads taking chunks in order, at most `window` ahead of the consumer, and the
/// finished outcomes waiting to be taken.
final class ChunkPipeline<T: Sendable>: @unchecked Sendable {
    private let plans: [ChunkPlan]
    private let window: Int
    // Guarded by `condition`:
    private let condition = NSCondition()
    private var outcomes: [Int: ChunkOutcome<T>] = [:]
    private var nextToTake = 0
    private var consumed = 0
    private var cancelled = false
    private var running = 0

    init(plans: [ChunkPlan], window: Int) {
        self.plans = plans
        self.window = window
    }

    func start(workers: Int, through: UInt64, verifyChecksums: Bool, transform: @escaping @Sendable (RecordView) throws -> T) {
        condition.lock()
        running = workers
        condition.unlock()
        for _ in 0..<workers {
            let thread = Thread { [self] in
                var buffer: [UInt8] = []
                while let index = claim() {
                    let outcome = ChunkScan.run(plans[index], through: through, verifyChecksums: verifyChecksums,
                                                buffer: &buffer, transform: transform)
                    deliver(index, outcome)
                }
                condition.lock()
                running -= 1
                condition.broadcast()
                condition.unlock()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The next chunk to read, waiting while the workers are `window` chunks ahead; nil to quit.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, nextToTake < plans.count, nextToTake >= consumed + window { condition.wait() }
        guard !cancelled, nextToTake < plans.count else { return nil }
        nextToTake += 1
        return nextToTake - 1
    }

    private func deliver(_ index: Int, _ outcome: ChunkOutcome<T>) {
        condition.lock()
        outcomes[index] = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for chunk `index` and removes it.
    func take(_ index: Int) -> ChunkOutcome<T> {
        condition.lock()
        defer { condition.unlock() }
        while outcomes[index] == nil { condition.wait() }
        consumed = index + 1
        condition.broadcast()
        return outcomes.removeValue(forKey: index) ?? ChunkOutcome()
    }

    /// Tells the workers to quit and waits until they have.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        outcomes.removeAll()
        condition.unlock()
    }
}
