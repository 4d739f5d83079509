import SampleDomain

extension ProjectionSet {
    /// The rows of `plan` whose `source_scan_id` is not a UUID (8-4-4-4-12 hex digits, any case),
    /// in export order, with the value: the rows a `--format sql` export cannot load into the
    /// table's `source_scan_id uuid` column, so `tslog export` refuses them by name before writing.
    ///
    /// Reads back the wide columns of the rows that have a scan id only.
    /// - Throws: the error of a row that could not be read back (see `export`).
    public func nonUUIDScanIDs(_ plan: ExportPlan) throws -> [(id: SampleID, value: String)] {
        let withScan = plan.slots.filter { table.rows[Int($0)].hasScan }
        var found: [(id: SampleID, value: String)] = []
        for start in stride(from: 0, to: withScan.count, by: ProjectionSet.exportChunkRows) {
            let slots = Array(withScan[start..<min(start + ProjectionSet.exportChunkRows, withScan.count)])
            let wides = try table.wideColumns(of: slots, twoThreadsFrom: ProjectionSet.exportTwoThreadRows)
            for (slot, wide) in zip(slots, wides) {
                let row = table.row(at: slot, wide: wide)
                if let value = row.sourceScanID, SampleID(value) == nil { found.append((row.id, value)) }
            }
        }
        return found
    }
}
