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
    /// the rows `chunkRows` at a time, then the footer (pieces may be empty). Only one chunk of
    /// rows and its bytes is held at a time, so memory stays bounded by the compact projection
    /// state plus a chunk, whatever the row count. The concatenated pieces equal
    /// `Exporter.render(exportRows(filter), as: format, context)` byte for byte.
    ///
    /// Each chunk's wide columns are read back on two threads (`SampleTable.wideColumns(of:)`).
    /// - Throws: what `sink` throws (nothing more is read or written after it), or the error of
    ///   a row that could not be read back because the log changed under the reader, naming the
    ///   sample, segment and byte offset.
    public func export(_ plan: ExportPlan, as format: ExportFormat, _ context: ExportContext,
                       chunkRows: Int = ProjectionSet.exportChunkRows, to sink: ([UInt8]) throws -> Void) throws {
        precondition(chunkRows > 0, "chunkRows must be positive, got \(chunkRows)")
        let stream = ExportStream(format, context, rowCount: plan.rowCount, labels: plan.labels)
        try sink(stream.header())
        var start = 0
        while start < plan.slots.count {
            let end = min(start + chunkRows, plan.slots.count)
            let slots = Array(plan.slots[start..<end])
            let wides = try table.wideColumns(of: slots, twoThreadsFrom: ProjectionSet.exportTwoThreadRows)
            let rows = zip(slots, wides).map { table.row(at: $0, wide: $1) }
            var bytes: [UInt8] = []
            stream.appendRows(rows[...], from: start, to: &bytes)
            try sink(bytes)
            start = end
        }
        try sink(stream.footer())
    }

    /// Rows per chunk of `export`: about 7 MB of CSV, small beside the compact state of a big log
    /// and big enough that each chunk's two reading threads have work to share.
    public static let exportChunkRows = 16_384

    /// The smallest chunk `export` reads back on two threads.
    static let exportTwoThreadRows = 2_048
}
