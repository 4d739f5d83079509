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
    /// only state (the overlay of samples changed, the event ids accepted, the ids it found
    /// stored, the refusals, a checksum of the lines); nothing is written. When it finds a failed
    /// precondition, or a refusal without `skipInvalid`, the summary says so and nothing is
    /// appended. Otherwise pass 2 validates again (the same decisions, from the same state) and
    /// hands the accepted records to the writer chunk by chunk, in one write session
    /// (`LogWriter.append(chunks:)`): one fsync, one recovery point. Pass 2 asks "already
    /// stored?" of pass 1's finds, not of the log's index again (the store holds the writer's lock
    /// throughout, so the log cannot change in between; on a 2 M-line batch into a log with data
    /// the second lookups cost as much as all the rest). Should pass 2 read different lines or
    /// decide differently (the input changed in between), the write is undone and this throws:
    /// nothing is appended. So memory grows with the batch's samples and event ids,
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
        var digest = InputDigest()
        let written = try writer.append(chunks: {
            while let chunk = try next() {
                digest.add(chunk)
                unreadable += chunk.unreadable
                writing.feed(chunk.lines) { check.storedIDs.contains($0) }
                let records = writing.drain()
                if !records.isEmpty { return records }
            }
            let again = PassResult(writing, unreadable: unreadable, storedIDs: [], digest: digest)
            guard again.sameDecisions(as: check), again.digest == check.digest, !registry.isDamaged else {
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
        /// The event ids the log's index said were stored already.
        var storedIDs: Set<String>
        /// What the pass read.
        var digest: InputDigest

        init(_ validator: BatchValidator, unreadable: [InputError], storedIDs: Set<String>, digest: InputDigest) {
            refused = SampleStore.refusals(validator.outcome.errors + unreadable, [])
            conflicts = validator.outcome.conflicts
            accepted = validator.acceptedCount
            duplicates = validator.duplicateCount
            self.storedIDs = storedIDs
            self.digest = digest
        }

        /// Whether `other` refused, accepted and skipped the same lines (a second reading of
        /// unchanged input does).
        func sameDecisions(as other: PassResult) -> Bool {
            refused.map(\.line) == other.refused.map(\.line) && conflicts.map(\.line) == other.conflicts.map(\.line)
                && accepted == other.accepted && duplicates == other.duplicates
        }
    }

    /// One pass of validation, keeping only state, which is released when it returns.
    private func validate(_ next: @escaping LineChunks, now: Timestamp) throws -> PassResult {
        var validator = BatchValidator(registry: registry, defaultTime: now, asRecords: true, logLastSeq: writer.lastSeq)
        var digest = InputDigest()
        var stored: Set<String> = []
        let unreadable = try Self.validate({
            let chunk = try next()
            if let chunk { digest.add(chunk) }
            return chunk
        }, with: &validator) { id in
            let found = try writer.contains(eventID: id)
            if found { stored.insert(id) }
            return found
        }
        return PassResult(validator, unreadable: unreadable, storedIDs: stored, digest: digest)
    }

    /// A checksum of the lines one pass read (CRC32C over each line and its number, and the
    /// count), so the second pass can tell that it read what the first one checked.
    private struct InputDigest: Equatable {
        private var crc: UInt32 = 0
        private var lines = 0

        mutating func add(_ chunk: LineChunk) {
            for line in chunk.lines {
                crc = CRC32C.checksum(line.bytes, seed: crc &+ UInt32(truncatingIfNeeded: line.number))
            }
            lines += chunk.lines.count
        }
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
