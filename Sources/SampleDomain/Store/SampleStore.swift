import EventLog
import Foundation

/// What one `append` did.
public struct AppendSummary: Sendable {
    /// The sequence numbers assigned, nil when nothing was appended.
    public var range: ClosedRange<UInt64>?
    /// Lines skipped because their event_id was already appended.
    public var duplicates: Int
    /// Lines refused; with all-or-nothing appends a non-empty list means nothing was appended.
    public var refused: [InputError]
    /// Lines whose `expect_last_seq` did not hold; a non-empty list means nothing was appended,
    /// whatever `skipInvalid` said.
    public var conflicts: [PreconditionFailure] = []
    /// What recovery did when the log was opened for this append.
    public var recovery: RecoveryReport
    public var appended: Int { range.map { Int($0.upperBound - $0.lowerBound + 1) } ?? 0 }
    /// Every refusal of an all-or-nothing append, in line order, a failed precondition as a
    /// refusal of field `expect_last_seq`: exactly what `SampleStore.check` reports for the same
    /// lines, so a caller that must refuse when `check` would can append and look here instead
    /// of validating twice. Non-empty means nothing was appended (without `skipInvalid`).
    public var refusals: [InputError] { SampleStore.refusals(refused, conflicts) }
}

/// The domain's write path: validates input lines against the log's current state and appends
/// the good ones as records, in one durable write.
public final class SampleStore {
    public let writer: LogWriter
    var registry: SampleRegistry
    /// The seq `index/sample_seq.tbl` covers, once known (see `updateSampleIndexIfBehind`).
    private var sampleIndexCovered: UInt64?
    /// The merge `updateSampleIndexInBackground` runs, if any.
    private let backgroundMerge = BackgroundMerge()

    /// Opens the log for writing (taking the writer lock and running recovery, see
    /// `LogWriter.open`) and loads which samples exist, which state validation needs: from the
    /// registry file and the records after the prefix it covers (`RegistryFile`), or, when the
    /// file cannot be believed, from a fold of every record.
    ///
    /// - Complexity: O(segments + records after the recovery point and after the derived files'
    ///   prefixes); O(log) only when a derived file is rebuilt.
    public init(directory: String, options: LogOptions = LogOptions()) throws {
        // The registry's tail and the event ids' (usually after the same prefix): one read.
        writer = try LogWriter.open(directory: directory, options: options, deferringEventIDs: true)
        do {
            registry = try RegistryFile.load(writer)
            try writer.finishEventIDs()
        } catch {
            try? writer.close()
            throw error
        }
    }

    /// Validates `lines` in order and appends the accepted events.
    ///
    /// With `skipInvalid` false the batch is all or nothing: one refused line and nothing is
    /// appended (the refusals are returned). Lines whose event_id is already in the log, or earlier
    /// in the batch, are skipped before any other check and counted as duplicates. A line whose
    /// `expect_last_seq` does not hold refuses the whole batch, even with `skipInvalid`
    /// (`AppendSummary.conflicts`; see `BatchValidation`).
    public func append(lines: [(number: Int, bytes: [UInt8])], skipInvalid: Bool, now: Timestamp) throws -> AppendSummary {
        let (summary, changes) = try validateAndWrite(lines: lines, skipInvalid: skipInvalid, now: now)
        // The batch's outcome (which also holds the registry) is gone by now, so this merge
        // mutates the store's registry in place instead of copying it.
        if let changes, let range = summary.range { registry.apply(changes, firstSeq: range.lowerBound) }
        return summary
    }

    /// Validates and writes; returns the registry changes to merge once the write succeeded
    /// (nil when nothing was written).
    private func validateAndWrite(lines: [(number: Int, bytes: [UInt8])], skipInvalid: Bool,
                                  now: Timestamp) throws -> (AppendSummary, RegistryChanges?) {
        var outcome = try BatchValidation.validate(lines: lines, registry: registry, defaultTime: now,
                                                   fastPath: true, asRecords: true, logLastSeq: writer.lastSeq) { id in
            try writer.contains(eventID: id)
        }
        if registry.isDamaged {
            // The registry file failed a check while being read: fold the log again and redo.
            registry = try RegistryFile.rebuild(writer)
            outcome = try BatchValidation.validate(lines: lines, registry: registry, defaultTime: now,
                                                   fastPath: true, asRecords: true, logLastSeq: writer.lastSeq) { id in
                try writer.contains(eventID: id)
            }
        }
        var summary = AppendSummary(range: nil, duplicates: outcome.duplicates.count, refused: outcome.errors,
                                    conflicts: outcome.conflicts, recovery: writer.recovery)
        if !outcome.conflicts.isEmpty || (!outcome.errors.isEmpty && !skipInvalid) { return (summary, nil) }
        // The accepted lines came back as records, their payloads encoded on two threads.
        let records = outcome.records
        // Payloads come from PayloadCodec.encode (pinned and fuzzed): no need to re-check their JSON.
        if let result = try writer.append(records, payloadsChecked: true) {
            summary.range = result.firstSeq...result.lastSeq
        }
        return (summary, outcome.changes)
    }

    /// The refusals `append` would report for `lines`, without appending anything; a failed
    /// precondition is reported as a refusal of field `expect_last_seq`.
    public func check(lines: [(number: Int, bytes: [UInt8])], now: Timestamp) throws -> [InputError] {
        let outcome = try BatchValidation.validate(lines: lines, registry: registry, defaultTime: now,
                                                   logLastSeq: writer.lastSeq) { id in
            try writer.contains(eventID: id)
        }
        return Self.refusals(outcome.errors, outcome.conflicts)
    }

    /// `errors` and `conflicts` as one list in line order, a conflict as a refusal of field
    /// `expect_last_seq` (`check`, `AppendSummary.refusals`).
    static func refusals(_ errors: [InputError], _ conflicts: [PreconditionFailure]) -> [InputError] {
        let conflicts = conflicts.map { InputError(line: $0.line, field: "expect_last_seq", message: $0.message) }
        return (errors + conflicts).sorted { $0.line < $1.line }
    }

    /// Rewrites the registry file when many records are past it (`RegistryFile.compactIfBehind`),
    /// brings the per-sample index up to date when it is missing or far behind
    /// (`SampleSeqFile.updateIfBehind`), then closes the writer.
    public func close() throws {
        if let covered = backgroundMerge.waitUntilDone() { sampleIndexCovered = covered }
        if writer.isUsable {
            registry = RegistryFile.compactIfBehind(registry, writer: writer)
            updateSampleIndexIfBehind()
        }
        try writer.close()
    }

    /// Brings `index/sample_seq.tbl` (`SampleSeqFile`) up to the log when it is missing, cannot
    /// be believed, or is more than `after` records behind. A long-running writer (the server)
    /// calls it when it starts and after commits; the covered seq is remembered, so a call costs
    /// nothing until `after` more records were appended.
    public func updateSampleIndexIfBehind(after: UInt64 = SampleSeqFile.compactAfter) {
        if let covered = sampleIndexCovered, writer.lastSeq - covered <= after { return }
        sampleIndexCovered = SampleSeqFile.updateIfBehind(writer, compactAfter: after)
    }

    /// As `updateSampleIndexIfBehind(after:)`, but the merge runs on a thread of its own
    /// (`SampleSeqFile.merge`, up to the log's end as it is now) while appends go on, and this
    /// returns at once: for a server, whose appends would otherwise all wait for it — about a
    /// second on a 1 M-sample log; at 64 connections the merges (55 ms each on a fresh log)
    /// made the slowest 1 % of appends take 16–27 ms instead of 3. One merge at a time; a
    /// finished one is taken into account by the next call; `close` waits for it. Before the
    /// index's coverage is known (no `updateSampleIndexIfBehind` yet) it merges in place.
    public func updateSampleIndexInBackground(after: UInt64) {
        if let covered = backgroundMerge.finished() { sampleIndexCovered = covered }
        guard let covered = sampleIndexCovered else { return updateSampleIndexIfBehind(after: after) }
        guard writer.lastSeq - covered > after else { return }
        let prefix = writer.end, directory = writer.directory
        backgroundMerge.start { SampleSeqFile.merge(directory: directory, through: prefix) ?? prefix.seq }
    }
}

/// At most one merge of the per-sample index on a thread of its own, and what it covered.
private final class BackgroundMerge: @unchecked Sendable {
    // @unchecked: `running` and `covered` are only touched with `condition` held.
    private let condition = NSCondition()
    private var running = false
    private var covered: UInt64?

    /// Runs `merge` (returning the seq the index covers) on a new thread unless one runs.
    func start(_ merge: @escaping @Sendable () -> UInt64) {
        condition.lock(); defer { condition.unlock() }
        guard !running else { return }
        running = true
        Thread { [self] in
            let seq = merge()
            condition.lock()
            covered = seq
            running = false
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    /// The coverage of a merge finished since the last call, once.
    func finished() -> UInt64? {
        condition.lock(); defer { condition.unlock() }
        defer { covered = nil }
        return covered
    }

    /// Waits for a running merge; then as `finished`.
    func waitUntilDone() -> UInt64? {
        condition.lock(); defer { condition.unlock() }
        while running { condition.wait() }
        defer { covered = nil }
        return covered
    }
}
