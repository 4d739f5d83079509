import EventLog
import SampleDomain

/// The `tslog project stats` dashboard: the guide's "Analytics Dashboard Ideas" in one report.
///
/// Sections, each a `ResultTable` like the queries return:
/// - `overall`: the `overall` query (totals and success rate);
/// - `label_types`: the `label-types` query;
/// - `grades`: the `labels` query for `grade` (the grade distribution);
/// - `statuses`: rows per Nyckel status, all four in lifecycle order (`submitted` is pending);
/// - `daily`: the `daily` query for the last `days` dates with samples;
/// - `below_balance`: the `balance` query for `grade` under `balanceBelow`;
/// - `images` (only when set, i.e. the log has an image store): live samples with their image
///   stored, missing, and the duplicates and label conflicts among them (`ImageCheck`);
/// - `lost` (only when the log holds repair markers up to its seq, `lostSeqs`): one row per run
///   of seqs a repair lost (`LostRecords.table`), since every figure may miss what they held.
public struct StatsReport: Sendable {
    public let overall: ResultTable
    public let labelTypes: ResultTable
    public let grades: ResultTable
    public let statuses: ResultTable
    public let daily: ResultTable
    public let belowBalance: ResultTable
    /// The `images` section; nil leaves it out (a log without images reads as before).
    public var images: ResultTable?
    /// The seqs a repair lost up to the report's seq (`LostRecords.seqs`); empty leaves the
    /// `lost` section out.
    public var lostSeqs: [UInt64] = []
    /// The thresholds the report was made with, for its headings.
    public let balanceBelow: Int
    public let days: Int

    /// Computes every section from `projections`. A negative `days` counts as 0.
    public init(_ projections: ProjectionSet, balanceBelow: Int = 10, days: Int = 30) {
        self.balanceBelow = balanceBelow
        self.days = max(0, days)
        overall = projections.overallQuery()
        labelTypes = projections.labelTypesQuery()
        grades = projections.labelsQuery(.grade)
        statuses = ResultTable(
            columns: ["nyckel_status", "count"],
            rows: [NyckelStatus.submitted, .accepted, .rejected, .error].map {
                [.text($0.rawValue), .int(Int64(projections.count(status: $0)))]
            })
        daily = projections.dailyQuery(self.days)
        belowBalance = projections.balanceQuery(.grade, below: balanceBelow)
    }

    /// The sections by their JSON key, in report order.
    var sections: [(key: String, table: ResultTable)] {
        [("overall", overall), ("label_types", labelTypes), ("grades", grades), ("statuses", statuses),
         ("daily", daily), ("below_balance", belowBalance)] + (images.map { [("images", $0)] } ?? [])
            + (LostRecords.table(lostSeqs).map { [("lost", $0)] } ?? [])
    }

    /// One JSON object, one key per section in report order: `overall` an object, the others
    /// arrays of objects written exactly as the query JSON writes rows. One line, newline-ended.
    /// A machine format: must not drift.
    public func renderJSON() -> String {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        for (key, table) in sections {
            w.key(key)
            if table.singleObject, let row = table.rows.first {
                w.rowObject(table.columns, row)
            } else {
                w.beginArray()
                for row in table.rows { w.rowObject(table.columns, row) }
                w.endArray()
            }
        }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self) + "\n"
    }
}

extension JSONWriter {
    /// One result row as an object keyed by column name, in column order.
    mutating func rowObject(_ columns: [String], _ row: [Cell]) {
        beginObject()
        for (name, cell) in zip(columns, row) {
            key(name)
            self.cell(cell)
        }
        endObject()
    }
}
