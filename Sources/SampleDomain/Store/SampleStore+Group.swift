import EventLog

/// One caller's batch in a group commit (`SampleStore.appendGroup`).
public struct GroupBatch: Sendable {
    /// The input lines, numbered as the caller wants them named in refusals.
    public var lines: [(number: Int, bytes: [UInt8])]
    /// As `tslog append --skip-invalid`: append the valid lines, report the others.
    public var skipInvalid: Bool

    public init(lines: [(number: Int, bytes: [UInt8])], skipInvalid: Bool) {
        self.lines = lines
        self.skipInvalid = skipInvalid
    }
}

/// What became of one input line of a batch.
public enum LineReceipt: Sendable, Equatable {
    /// Stored at `seq`.
    case appended(seq: UInt64, eventID: String?)
    /// Its event_id was already stored, at `seq` (or was stored by an earlier line of this call or
    /// group): nothing new was written. The seq is where that event_id was first stored, forever.
    case duplicate(seq: UInt64, eventID: String)
    /// Refused (with `skipInvalid`, the other lines were still appended).
    case refused(InputError)
}

/// What one batch of a group commit did: one receipt per input line, in line order.
public struct BatchReceipt: Sendable {
    public var receipts: [(line: Int, receipt: LineReceipt)]
    /// The refusals; for a batch without `skipInvalid` a non-empty list means nothing of it was
    /// appended.
    public var refused: [InputError]
    /// The lines whose `expect_last_seq` did not hold; a non-empty list means nothing of the
    /// batch was appended (and `receipts` is empty), whatever `skipInvalid` said.
    public var conflicts: [PreconditionFailure] = []
    /// The seqs this batch's new records got; nil when none.
    public var range: ClosedRange<UInt64>?
    public var appended: Int { range.map { Int($0.upperBound - $0.lowerBound + 1) } ?? 0 }
    public var duplicates: Int { receipts.reduce(0) { if case .duplicate = $1.receipt { return $0 + 1 } else { return $0 } } }
}

extension SampleStore {
    /// Validates several independent batches and appends what they accept with one write and one
    /// fsync (group commit), as if each were appended by its own `append` call, in array order.
    ///
    /// Batch k is validated against the log plus the accepted lines of batches 0..<k of this
    /// call: a later batch may respond to a sample an earlier one submits, and an event_id an
    /// earlier batch stores makes the same id in a later batch a duplicate (whose receipt names
    /// the seq it got), and a precondition (`expect_last_seq`) in a later batch sees the seqs the
    /// earlier batches' events get. A batch refused as a whole (a refused line without
    /// `skipInvalid`, or a failed precondition) changes nothing and does not affect the others.
    ///
    /// If the write fails, every batch that had something to append gets the error and nothing
    /// of the group is stored (see `LogWriter.append`); the store's state is unchanged.
    ///
    /// - Complexity: O(total bytes of the batches), plus one index probe per event_id.
    public func appendGroup(_ batches: [GroupBatch], now: Timestamp) -> [Result<BatchReceipt, Error>] {
        var results = [Result<BatchReceipt, Error>?](repeating: nil, count: batches.count)
        var overlay = RegistryChanges()
        var records: [NewRecord] = []
        /// Per batch with records to write: its index, first record index, record count.
        var members: [(batch: Int, first: Int, count: Int)] = []
        /// event_id → index in `records`, for ids accepted by earlier batches of this group.
        var groupIDs: [String: Int] = [:]
        var pendingReceipts: [[(line: Int, receipt: PendingReceipt)]] = Array(repeating: [], count: batches.count)
        var refusals: [[InputError]] = Array(repeating: [], count: batches.count)

        for (k, batch) in batches.enumerated() {
            let outcome: BatchOutcome
            do {
                outcome = try BatchValidation.validate(lines: batch.lines, registry: registry, defaultTime: now,
                                                       fastPath: true, asRecords: true, overlay: overlay,
                                                       logLastSeq: writer.lastSeq) { id in
                    try groupIDs[id] != nil || writer.contains(eventID: id)
                }
            } catch {
                results[k] = .failure(error)
                continue
            }
            refusals[k] = outcome.errors
            if !outcome.conflicts.isEmpty {
                results[k] = .success(BatchReceipt(receipts: [], refused: outcome.errors, conflicts: outcome.conflicts, range: nil))
                continue
            }
            if !outcome.errors.isEmpty && !batch.skipInvalid {
                results[k] = .success(BatchReceipt(receipts: outcome.errors.map { ($0.line, .refused($0)) },
                                                   refused: outcome.errors, conflicts: [], range: nil))
                continue
            }
            // Every line is exactly one of: refused, duplicate, accepted (in line order).
            let refusedLines = Dictionary(outcome.errors.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
            let duplicateLines = Dictionary(outcome.duplicates.map { ($0.line, $0.eventID) }, uniquingKeysWith: { a, _ in a })
            var nextRecord = records.count
            var receipts: [(line: Int, receipt: PendingReceipt)] = []
            receipts.reserveCapacity(batch.lines.count)
            for line in batch.lines {
                if let e = refusedLines[line.number] {
                    receipts.append((line.number, .refused(e)))
                } else if let id = duplicateLines[line.number] {
                    receipts.append((line.number, .duplicate(id)))
                } else {
                    receipts.append((line.number, .record(nextRecord)))
                    nextRecord += 1
                }
            }
            let first = records.count
            for record in outcome.records {
                if let id = record.eventID { groupIDs[id] = records.count }
                records.append(record)
            }
            overlay = outcome.changes
            pendingReceipts[k] = receipts
            if !outcome.records.isEmpty { members.append((k, first, outcome.records.count)) }
        }

        var firstSeq: UInt64 = 0
        if !records.isEmpty {
            do {
                guard let written = try writer.append(records, payloadsChecked: true) else {
                    preconditionFailure("a non-empty append returns its seqs")
                }
                firstSeq = written.firstSeq
                registry.apply(overlay, firstSeq: firstSeq)
            } catch {
                for m in members { results[m.batch] = .failure(error) }
                // Batches with nothing to write (all duplicates) still get their receipts below.
            }
        }

        for k in batches.indices where results[k] == nil {
            do {
                var receipts: [(line: Int, receipt: LineReceipt)] = []
                receipts.reserveCapacity(pendingReceipts[k].count)
                var low: UInt64?, high: UInt64?
                for (line, pending) in pendingReceipts[k] {
                    switch pending {
                    case .refused(let e):
                        receipts.append((line, .refused(e)))
                    case .record(let index):
                        let seq = firstSeq + UInt64(index)
                        low = low ?? seq
                        high = seq
                        receipts.append((line, .appended(seq: seq, eventID: records[index].eventID)))
                    case .duplicate(let id):
                        let seq: UInt64?
                        if let index = groupIDs[id], firstSeq > 0 { seq = firstSeq + UInt64(index) } else { seq = try writer.seq(ofEventID: id) }
                        guard let seq else {
                            throw LogError(.writerUnusable, "event_id \(id) was found a duplicate but its record is not in the log")
                        }
                        receipts.append((line, .duplicate(seq: seq, eventID: id)))
                    }
                }
                let range = low.flatMap { l in high.map { l...$0 } }
                results[k] = .success(BatchReceipt(receipts: receipts, refused: refusals[k], conflicts: [], range: range))
            } catch {
                results[k] = .failure(error)
            }
        }
        return results.map { $0 ?? .failure(LogError(.writerUnusable, "no result")) }
    }
}

/// A line's receipt before the group's seqs are known.
private enum PendingReceipt {
    case refused(InputError)
    case duplicate(String)
    /// Index of its record in the group's records.
    case record(Int)
}

extension SampleStore {
    /// How many samples exist now (the row count of `training_samples`).
    public var liveSampleCount: Int { registry.liveCount }

    /// The seq of the last event about `id` (0: none): what an `expect_last_seq` must name now.
    public func lastSeq(of id: SampleID) -> UInt64 { registry.lastSeq(of: id) }
}
