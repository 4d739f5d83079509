import EventLog
import SampleDomain

/// The numbers one `tslog report` shows, taken from the same query functions `tslog query` runs,
/// so every figure on the page equals the query's answer at the same point in the log.
///
/// Pure: built from a `ProjectionSet` only; the renderer turns it into HTML.
public struct ReportData: Sendable {
    /// Live rows of one label type (the `label-types` query).
    public struct TypeCount: Sendable, Equatable {
        public var type: LabelType
        public var count: Int
    }

    /// One bar of the label distribution (the `labels` query for one type).
    public struct LabelBar: Sendable, Equatable {
        public var label: String
        public var count: Int
        /// Fewer than the balance threshold (the `balance` query for this type lists it).
        public var belowBalance: Bool
    }

    /// One row of the `daily` query.
    public struct Day: Sendable, Equatable {
        /// Days since 1970-01-01 (`Timestamp.utcDay`).
        public var day: Int64
        public var samples: Int
        public var uniqueLabels: Int
    }

    /// One row of the `problems` listing or of recent submissions.
    public struct RowSummary: Sendable, Equatable {
        public var id: String
        public var createdAt: String
        public var label: String
        public var labelType: String
        public var status: String
        public var imageURL: String
    }

    /// The `overall` query: total_samples, unique_labels, successful, failed, success_rate.
    public var total = 0, uniqueLabels = 0, accepted = 0, errors = 0
    /// `success_rate` as the query prints it (`"66.67"`); nil when there are no samples (NULL).
    public var successRate: String?
    /// Live rows with status rejected and submitted (pending).
    public var rejected = 0, pending = 0
    /// The `label-types` query, most first.
    public var labelTypes: [TypeCount] = []
    /// Per label type: bars in display order (grades in their natural order, others by count).
    public var labels: [LabelType: [LabelBar]] = [:]
    /// The balance threshold (`balance --below`).
    public var balanceBelow: Int
    /// The `daily` query over the whole history, oldest day first.
    public var days: [Day] = []
    /// The newest live rows, newest first (`ORDER BY created_at DESC, id`).
    public var recent: [RowSummary] = []
    /// The `problems` query (errors and rejections, newest first), cut at `problemLimit`.
    public var problems: [RowSummary] = []
    /// How many rows the `problems` query returns in all.
    public var problemTotal = 0
    /// The image store's counts (`ImageCheck.summary`: stored, missing, duplicates, conflicts);
    /// nil when the log has no image store, and the page then has no images section.
    public var images: ResultTable?
    /// The seqs a repair lost up to the report's seq (`LostRecords.seqs`); empty: the page has no
    /// lost section.
    public var lostSeqs: [UInt64] = []

    /// The grade labels the app uses, best to worst: the order the grade bars are drawn in.
    public static let gradeOrder = ["pristine", "near_mint", "minor_wear", "moderate_wear", "heavy_wear", "damaged"]

    /// Collects every number of the report from `projections`.
    /// - Throws: when a printed row's wide columns cannot be read back from the log.
    public init(_ projections: ProjectionSet, balanceBelow: Int = 10, recentLimit: Int = 10, problemLimit: Int = 20) throws {
        self.balanceBelow = balanceBelow
        let overall = projections.overallQuery().rows.first ?? []
        total = overall.count > 0 ? overall[0].intValue : 0
        uniqueLabels = overall.count > 1 ? overall[1].intValue : 0
        accepted = overall.count > 2 ? overall[2].intValue : 0
        errors = overall.count > 3 ? overall[3].intValue : 0
        if overall.count > 4, case .decimal(let rate) = overall[4] { successRate = rate }
        rejected = projections.count(status: .rejected)
        pending = projections.count(status: .submitted)
        labelTypes = projections.labelTypesQuery().rows.compactMap { row in
            guard let type = row.first?.plainText.flatMap(LabelType.init(rawValue:)) else { return nil }
            return TypeCount(type: type, count: row[1].intValue)
        }
        for type in LabelType.allCases {
            let below = Set(projections.balanceQuery(type, below: balanceBelow).rows.compactMap { $0.first?.plainText })
            var bars = projections.labelsQuery(type).rows.map { row in
                let label = row[0].plainText ?? ""
                return LabelBar(label: label, count: row[2].intValue, belowBalance: below.contains(label))
            }
            if type == .grade { bars = Self.naturalGradeOrder(bars) }
            labels[type] = bars
        }
        days = projections.dailyQuery(Int.max).rows.reversed().map { row in
            guard case .date(let day) = row[0] else { return Day(day: 0, samples: 0, uniqueLabels: 0) }
            return Day(day: day, samples: row[1].intValue, uniqueLabels: row[2].intValue)
        }
        let allSlots = NyckelStatus.allCases.flatMap { projections.statuses.slots($0) }
        recent = try projections.rowListing(allSlots, limit: recentLimit).rows.map(RowSummary.init)
        // Count every problem, but read back from the log only the rows shown.
        problemTotal = projections.count(status: .error) + projections.count(status: .rejected)
        problems = try projections.query(problemsLimit: problemLimit).map(RowSummary.init)
    }

    /// The known grades first in `gradeOrder`, then any other grade labels as the query sorts them.
    static func naturalGradeOrder(_ bars: [LabelBar]) -> [LabelBar] {
        let known = gradeOrder.compactMap { name in bars.first { $0.label == name } }
        return known + bars.filter { !gradeOrder.contains($0.label) }
    }
}

extension ProjectionSet {
    /// The rows of the `problems` query.
    func query(problemsLimit: Int) throws -> [[Cell]] {
        try rowListing(statuses.slots(.error) + statuses.slots(.rejected), limit: problemsLimit).rows
    }
}

extension ReportData.RowSummary {
    /// From a `rowListing` row: id, created_at, label, label_type, image_url, nyckel_status.
    init(_ row: [Cell]) {
        func text(_ i: Int) -> String { i < row.count ? row[i].plainText ?? "" : "" }
        self.init(id: text(0), createdAt: text(1), label: text(2), labelType: text(3), status: text(5), imageURL: text(4))
    }
}

extension Cell {
    /// The integer in an `.int` cell, else 0.
    var intValue: Int {
        if case .int(let n) = self { return Int(n) }
        return 0
    }
}
