import EventLog
import Projections
import SampleDomain

/// The measurements of `tslog export` and a warm `tslog project stats`, through the code those
/// commands run.
extension Scenarios {
    /// `tslog export --format csv` of the whole log, as the command streams it: the cold rebuild,
    /// the export order from the compact rows, then each chunk of rows read back from the log
    /// and rendered. Returns the CSV's size in bytes.
    static func exportCSV(_ directory: String) throws -> Int {
        let reader = try LogReader(directory: directory)
        let projections = try ProjectionSet.rebuild(from: reader, through: reader.lastSeq, threads: ProjectionLoader.decodeThreads)
        let recordedAt = try projections.lastLocation.flatMap { location in
            try projections.rowSource?.withRecord(at: location) { $0.recordedAt }
        }
        let plan = projections.exportPlan()
        let description = ExportDescription(format: .csv, seq: reader.lastSeq, recordedAt: recordedAt,
                                            filter: ExportFilter(), rowCount: plan.rowCount)
        var bytes = 0
        try projections.export(plan, as: .csv, ExportContext(description: description)) { bytes += $0.count }
        return bytes
    }

    /// `tslog project stats` in process: the newest checkpoint at or before the end, the records
    /// after it, then the whole stats screen. Returns the checkpoint's seq and the screen's size.
    static func warmStats(_ directory: String) throws -> (UInt64, Int) {
        let reader = try LogReader(directory: directory)
        let outcome = try ProjectionLoader.load(reader, through: reader.lastSeq, checkpoints: CheckpointStore(logDirectory: directory))
        return (outcome.checkpointSeq, StatsReport(outcome.projections).renderTable().utf8.count)
    }
}
