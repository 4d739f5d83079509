import Dispatch
import EventLog
import SampleDomain

/// Which rows an export writes and in what order, decided from the compact rows alone: no
/// wide column is read until the rows are written (`ProjectionSet.export`).
///
/// Holds one slot number per kept row (4 bytes each) and the distinct labels among them, so a
/// plan of a million rows is a few megabytes however wide the rows are.
public struct ExportPlan: Sendable {
    /// The kept rows' slots in export order: `created_at`, then `id` (byte order).
    let slots: [Int32]
    /// The distinct labels among the kept rows, in no particular order (`manifest` names its
    /// directories from all of them before the first row).
    let labels: [String]

    /// How many rows the export writes.
    public var rowCount: Int { slots.count }

    /// The Label Studio labeling config with a `Choice` for every label among the kept rows
    /// (`LabelStudioConfig`): what `export --labeling-config` writes beside the tasks.
    /// - Throws: `LabelStudioConfig.Unwritable` for a label XML cannot hold.
    public func labelStudioConfig() throws(LabelStudioConfig.Unwritable) -> [UInt8] {
        try LabelStudioConfig.xml(labels: labels)
    }
}

extension ProjectionSet {
    /// The live rows `filter` keeps, in export order, from the compact rows only.
    /// - Complexity: O(n log n) in the number of kept rows, O(live rows) to filter; no record reads.
    public func exportPlan(_ filter: ExportFilter = ExportFilter()) -> ExportPlan {
        /// A kept row's sort key with its slot: 32 bytes, compared without touching the table.
        struct Key {
            var createdAt: Int64
            var id: SampleID
            var slot: Int32
        }
        var keys: [Key] = []
        var labelSeen = [Bool](repeating: false, count: table.labels.count)
        for (slot, stored) in table.rows.enumerated() where stored.live && filter.keeps(table, stored) {
            keys.append(Key(createdAt: stored.createdAt, id: stored.id, slot: Int32(slot)))
            labelSeen[Int(stored.labelID)] = true
        }
        keys.sort { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
        let labels = labelSeen.indices.filter { labelSeen[$0] }.map { table.labels[Int32($0)] }
        return ExportPlan(slots: keys.map(\.slot), labels: labels)
    }

    /// The rows of `plan` written in `format`, handed to `sink` piece by piece: the header, then
    /// the rows `chunkRows` at a time, then the footer (pieces may be empty). At most two chunks
    /// of rows and one chunk's bytes are held at a time, so memory stays bounded by the compact
    /// projection state plus a chunk or two, whatever the row count. The concatenated pieces equal
    /// `Exporter.render(exportRows(filter), as: format, context)` byte for byte.
    ///
    /// Each chunk's wide columns are read back on two threads (`SampleTable.wideColumns(of:)`)
    /// while the chunk before it is rendered and handed to `sink`, so two chunks are in memory.
    /// - Throws: what `sink` throws (nothing more is written after it; a read already under way
    ///   is waited for, not used), or the error of
    ///   a row that could not be read back because the log changed under the reader, naming the
    ///   sample, segment and byte offset.
    public func export(_ plan: ExportPlan, as format: ExportFormat, _ context: ExportContext,
                       chunkRows: Int = ProjectionSet.exportChunkRows, to sink: ([UInt8]) throws -> Void) throws {
        precondition(chunkRows > 0, "chunkRows must be positive, got \(chunkRows)")
        let stream = ExportStream(format, context, rowCount: plan.rowCount, labels: plan.labels)
        let chunks = stride(from: 0, to: plan.slots.count, by: chunkRows).map { $0..<min($0 + chunkRows, plan.slots.count) }
        let read = { (n: Int) in ChunkRead(table, Array(plan.slots[chunks[n]])) }
        // The next chunk is read while this one is rendered and written: both cores stay busy.
        var next = chunks.isEmpty ? nil : read(0)
        defer { next?.finish() }  // an error left a read running: let it end before returning
        try sink(stream.header())
        for n in chunks.indices {
            guard let current = next else { break }
            let (slots, wides) = try current.wait()
            next = n + 1 < chunks.count ? read(n + 1) : nil
            let rows = zip(slots, wides).map { table.row(at: $0, wide: $1) }
            var bytes: [UInt8] = []
            stream.appendRows(rows[...], from: chunks[n].lowerBound, to: &bytes)
            try sink(bytes)
        }
        try sink(stream.footer())
    }

    /// Rows per chunk of `export`: about 7 MB of CSV, small beside the compact state of a big log
    /// and big enough that each chunk's two reading threads have work to share.
    public static let exportChunkRows = 16_384

    /// The smallest chunk `export` reads back on two threads.
    static let exportTwoThreadRows = 2_048
}

/// The wide columns of one chunk of an export, read on another thread.
private final class ChunkRead: @unchecked Sendable {
    // Written once on the reading thread before `done` is signalled; read only after waiting.
    private var result: Result<[SampleTable.WideColumns], any Error> = .success([])
    private let slots: [Int32]
    private let done = DispatchSemaphore(value: 0)
    private var waited = false

    /// Starts reading the wide columns of `slots` from `table`.
    init(_ table: SampleTable, _ slots: [Int32]) {
        self.slots = slots
        DispatchQueue.global().async { [self] in
            result = Result { try table.wideColumns(of: slots, twoThreadsFrom: ProjectionSet.exportTwoThreadRows) }
            done.signal()
        }
    }

    /// The slots and their wide columns, once read; the read's error if it failed.
    func wait() throws -> (slots: [Int32], wides: [SampleTable.WideColumns]) {
        if !waited { done.wait(); waited = true }
        return (slots, try result.get())
    }

    /// Waits for the read to end, ignoring what it found.
    func finish() {
        if !waited { done.wait(); waited = true }
    }
}
