import EventLog

/// The next lines of a batch, in line order, for an append that streams its input
/// (`SampleStore.append(passes:)`).
public struct LineChunk {
    /// The lines read, each without its newline, numbered as refusals should name them.
    public var lines: [(number: Int, bytes: [UInt8])]
    /// Lines in the same stretch of input that could not be read (over the length limit): each
    /// is refused as it is, like a line that fails a check.
    public var unreadable: [InputError]

    public init(lines: [(number: Int, bytes: [UInt8])], unreadable: [InputError] = []) {
        self.lines = lines
        self.unreadable = unreadable
    }

    /// No line at all.
    public var isEmpty: Bool { lines.isEmpty && unreadable.isEmpty }
}

/// One pass over a batch's input from its start: each call gives the next chunk, nil at the end.
public typealias LineChunks = () throws -> LineChunk?

extension SampleStore {
    /// `append(lines:)` of a batch too large to hold in memory: `pass` starts a new pass over the
    /// same input each time it is called (a file read again, or its spooled copy).
    ///
    /// Pass 1 validates every line against the registry as the earlier lines leave it and keeps
    /// only state (the overlay of samples changed, the event ids accepted, the refusals); nothing
    /// is written. When it finds a failed precondition, or a refusal without `skipInvalid`, the
    /// summary says so and nothing is appended. Otherwise pass 2 validates again (the same
    /// decisions, from the same state) and hands the accepted records to the writer chunk by
    /// chunk, in one write session (`LogWriter.append(chunks:)`): one fsync, one recovery point.
    /// Should pass 2 decide differently (the input changed in between), the write is undone and
    /// this throws: nothing is appended. So memory grows with the batch's samples and event ids,
    /// not with its bytes; the outcome, the output and the fsyncs are those of `append(lines:)`.
    public func append(passes pass: () throws -> LineChunks, skipInvalid: Bool, now: Timestamp) throws -> AppendSummary {
        var check = try validate(pass(), now: now)
        if registry.isDamaged {
            // The registry file failed a check while being read: fold the log again and redo.
            registry = try RegistryFile.rebuild(writer)
            check = try validate(pass(), now: now)
        }
        var summary = AppendSummary(range: nil, duplicates: check.duplicates, refused: check.refused,
                                    conflicts: check.conflicts, recovery: writer.recovery)
        if !summary.conflicts.isEmpty || (!summary.refused.isEmpty && !skipInvalid) { return summary }
        // Nothing to write (every line a duplicate or skipped): no second reading.
        if check.accepted == 0 { return summary }

        var writing = BatchValidator(registry: registry, defaultTime: now, asRecords: true, logLastSeq: writer.lastSeq)
        var unreadable: [InputError] = []
        let next = try pass()
        let written = try writer.append(chunks: {
            while let chunk = try next() {
                unreadable += chunk.unreadable
                try writing.feed(chunk.lines) { try writer.contains(eventID: $0) }
                let records = writing.drain()
                if !records.isEmpty { return records }
            }
            let again = PassResult(writing, unreadable: unreadable)
            guard again.sameDecisions(as: check), !registry.isDamaged else {
                throw LogError(.invalidRecord, "nothing appended: the input changed while it was appended (its second reading differs from the first)")
            }
            return nil
        }, payloadsChecked: true)
        if let written {
            summary.range = written.firstSeq...written.lastSeq
            registry.apply(writing.outcome.changes, firstSeq: written.firstSeq)
        }
        return summary
    }

    /// What one validation pass decided, without the state it kept (released before the next pass).
    private struct PassResult {
        /// The refusals, unreadable lines included, in line order.
        var refused: [InputError]
        var conflicts: [PreconditionFailure]
        var accepted: Int
        var duplicates: Int

        init(_ validator: BatchValidator, unreadable: [InputError]) {
            refused = SampleStore.refusals(validator.outcome.errors + unreadable, [])
            conflicts = validator.outcome.conflicts
            accepted = validator.acceptedCount
            duplicates = validator.duplicateCount
        }

        /// Whether `other` refused, accepted and skipped the same lines (a second reading of
        /// unchanged input does).
        func sameDecisions(as other: PassResult) -> Bool {
            refused.map(\.line) == other.refused.map(\.line) && conflicts.map(\.line) == other.conflicts.map(\.line)
                && accepted == other.accepted && duplicates == other.duplicates
        }
    }

    /// One pass of validation, keeping only state, which is released when it returns.
    private func validate(_ next: LineChunks, now: Timestamp) throws -> PassResult {
        var validator = BatchValidator(registry: registry, defaultTime: now, asRecords: true, logLastSeq: writer.lastSeq)
        let unreadable = try Self.validate(next, with: &validator) { try writer.contains(eventID: $0) }
        return PassResult(validator, unreadable: unreadable)
    }

    /// Feeds every chunk of one pass to `validator`, draining what it accepts as it goes (only
    /// its state and counts stay), and returns the pass's unreadable lines: a check of a batch
    /// in bounded memory (`tslog append` to a log that does not exist yet).
    public static func validate(_ next: LineChunks, with validator: inout BatchValidator,
                                isStored: (String) throws -> Bool) throws -> [InputError] {
        var unreadable: [InputError] = []
        while let chunk = try next() {
            unreadable += chunk.unreadable
            try validator.feed(chunk.lines, isStored: isStored)
            _ = validator.drain()
        }
        return unreadable
    }
}
