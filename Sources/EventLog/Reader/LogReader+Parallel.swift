import Foundation

extension LogReader {
    /// Reads every record from seq 1 through `through` (default `lastSeq`) like `scan`, but reads,
    /// checksums, parses and `transform`s the records on `threads` threads, chunk by chunk (the
    /// calling thread and `threads - 1` workers), and hands the results to `consume` in seq order
    /// on the calling thread.
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
        threads: Int = Processors.usable,
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
        try scanBatches(through: through, verifyChecksums: verifyChecksums, threads: threads, chunkSize: chunkSize,
                        makeBatch: { _ in [T]() }, add: { values, view in values.append(try transform(view)) }) { values, firstSeq in
            for (n, value) in values.enumerated() { try consume(firstSeq + UInt64(n), value) }
        }
    }

    /// Reads every record from seq 1 through `through` (default `lastSeq`) like `scan`, adding
    /// each to a batch of the caller's type on `threads` threads, one batch per chunk of about
    /// `chunkSize` bytes, and hands the batches to `consume` in seq order on the calling thread,
    /// each with the seq of its first record. `threads - 1` workers read chunks ahead; the
    /// calling thread reads one itself whenever the batch it needs next is not ready, so it
    /// never sleeps while there is reading to do.
    ///
    /// `scanParallel` for a caller that keeps its records compactly: the per-record work is the
    /// caller's own `add`, and values move between threads a batch at a time. The results are
    /// exactly those of
    ///
    ///     try scan(through: through) { view in
    ///         var batch = makeBatch(view.line.count); try add(&batch, view); try consume(batch, view.seq)
    ///     }
    ///
    /// including errors (see `scanParallel`). `add` must add exactly one record to the batch, or
    /// throw having added nothing. A batch holds at least one record; `makeBatch` is told about how
    /// many bytes of records it will be given, to reserve room.
    ///
    /// - Complexity: O(bytes read). Memory: about `2 × threads + 2` chunks and their batches.
    public func scanBatches<Batch: Sendable>(
        through: UInt64? = nil, verifyChecksums: Bool = true,
        threads: Int = Processors.usable, chunkSize: Int = 4 << 20,
        makeBatch: @escaping @Sendable (_ bytes: Int) -> Batch,
        add: @escaping @Sendable (inout Batch, RecordView) throws -> Void,
        consume: (Batch, UInt64) throws -> Void
    ) throws {
        let end = min(through ?? lastSeq, lastSeq)
        guard end > 0 else { return }
        let plans = chunkPlans(size: max(chunkSize, 1))
        let pipeline = ChunkPipeline<Batch>(plans: plans, window: 2 * max(threads, 1) + 2, through: end,
                                            verifyChecksums: verifyChecksums, makeBatch: makeBatch, add: add)
        pipeline.start(workers: max(threads - 1, 0))
        defer { pipeline.stop() }
        var expected: UInt64 = 1
        for (index, plan) in plans.enumerated() {
            let outcome = pipeline.take(index)
            let progress = outcome.progress
            if plan.start == 0, progress.count == 0 || progress.firstSeq != plan.segment.firstSeq { break }  // the walk judges the segment
            if progress.count > 0 {
                guard progress.firstSeq == expected, let batch = outcome.batch else { break }
                try consume(batch, expected)
                expected += UInt64(progress.count)
            }
            if expected > end { return }
            if progress.anomaly || progress.reachedEnd { break }
        }
        // Something a worker could not vouch for, or the chunks ended early: read on sequentially.
        pipeline.stop()
        try layout.walk(from: expected, through: end, verifyChecksums: verifyChecksums) { view in
            var batch = makeBatch(view.line.count)
            try add(&batch, view)
            try consume(batch, view.seq)
            return true
        }
    }

    /// The segments cut into chunks of about `size` bytes (one empty chunk for an empty segment).
    func chunkPlans(size: Int) -> [ChunkPlan] {
        var plans: [ChunkPlan] = []
        for (index, segment) in layout.segments.enumerated() {
            var st = stat()
            // The last segment as of the snapshot: up to its last record, not into a writer's padding.
            let bytes = index == layout.segments.count - 1 ? layout.lastSegmentEnd ?? 0
                : stat(segment.path, &st) == 0 ? Int(st.st_size) : 0
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
///
/// The consumer helps: when the chunk it needs next is not ready, it reads the next unclaimed
/// chunk itself instead of sleeping. So a consumer that folds on one core and one worker on the
/// other keep both cores busy without a third thread competing for them.
final class ChunkPipeline<Batch: Sendable>: @unchecked Sendable {
    private let plans: [ChunkPlan]
    private let window: Int
    private let through: UInt64
    private let verifyChecksums: Bool
    private let makeBatch: @Sendable (Int) -> Batch
    private let add: @Sendable (inout Batch, RecordView) throws -> Void
    /// The consumer's read buffer, used only by `take`'s caller.
    private var consumerBuffer: [UInt8] = []
    // Guarded by `condition`:
    private let condition = NSCondition()
    private var outcomes: [Int: ChunkOutcome<Batch>] = [:]
    private var nextToTake = 0
    private var consumed = 0
    private var cancelled = false
    private var running = 0

    init(plans: [ChunkPlan], window: Int, through: UInt64, verifyChecksums: Bool,
         makeBatch: @escaping @Sendable (Int) -> Batch, add: @escaping @Sendable (inout Batch, RecordView) throws -> Void) {
        self.plans = plans
        self.window = window
        self.through = through
        self.verifyChecksums = verifyChecksums
        self.makeBatch = makeBatch
        self.add = add
    }

    func start(workers: Int) {
        condition.lock()
        running = workers
        condition.unlock()
        for _ in 0..<workers {
            let thread = Thread { [self] in
                var buffer: [UInt8] = []
                while let index = claim(waiting: true) {
                    deliver(index, read(index, buffer: &buffer))
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

    private func read(_ index: Int, buffer: inout [UInt8]) -> ChunkOutcome<Batch> {
        ChunkScan.run(plans[index], through: through, verifyChecksums: verifyChecksums, buffer: &buffer,
                      makeBatch: makeBatch, add: add)
    }

    /// The next chunk to read; nil to quit, or (not `waiting`) when the workers are `window`
    /// chunks ahead. Call with `condition` unlocked.
    private func claim(waiting: Bool) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        return claimLocked(waiting: waiting)
    }

    private func claimLocked(waiting: Bool) -> Int? {
        while waiting, !cancelled, nextToTake < plans.count, nextToTake >= consumed + window { condition.wait() }
        guard !cancelled, nextToTake < plans.count, nextToTake < consumed + window else { return nil }
        nextToTake += 1
        return nextToTake - 1
    }

    private func deliver(_ index: Int, _ outcome: ChunkOutcome<Batch>) {
        condition.lock()
        outcomes[index] = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for chunk `index` and removes it, reading unclaimed chunks meanwhile.
    func take(_ index: Int) -> ChunkOutcome<Batch> {
        condition.lock()
        defer { condition.unlock() }
        consumed = index
        while outcomes[index] == nil {
            if let mine = claimLocked(waiting: false) {
                condition.unlock()
                let outcome = read(mine, buffer: &consumerBuffer)
                condition.lock()
                outcomes[mine] = outcome
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
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
