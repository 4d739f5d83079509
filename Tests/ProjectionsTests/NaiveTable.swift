import EventLog
@testable import Projections
import SampleDomain

/// The oracle: `training_samples` as a plain dictionary of rows, each query a straightforward
/// filter, group and sort over all of them, written without looking at the projections' code.
struct NaiveTable {
    var rows: [SampleID: SampleRow] = [:]

    mutating func apply(_ e: SampleEvent) {
        switch e.body {
        case .submitted(let s):
            if rows[e.sampleID] == nil { rows[e.sampleID] = SampleRow(id: e.sampleID, createdAt: e.occurredAt, submitted: s) }
        case .responded(let r):
            rows[e.sampleID]?.status = r.status.nyckelStatus
            if let n = r.nyckelSampleID, rows[e.sampleID] != nil { rows[e.sampleID]?.nyckelSampleID = n }
        case .resubmitted(let r):
            rows[e.sampleID]?.status = .submitted
            if let f = r.nyckelFunctionID, rows[e.sampleID] != nil { rows[e.sampleID]?.nyckelFunctionID = f }
        case .relabeled(let r):
            rows[e.sampleID]?.label = r.label
            if let t = r.labelType, rows[e.sampleID] != nil { rows[e.sampleID]?.labelType = t }
        case .updated(let u):
            guard var row = rows[e.sampleID] else { return }
            let clear = u.clear ?? []
            if let v = u.imageURL { row.imageURL = v }
            if let v = u.imagePath { row.imagePath = v }
            if let v = u.nyckelFunctionID { row.nyckelFunctionID = v } else if clear.contains(.nyckelFunctionID) { row.nyckelFunctionID = nil }
            if let v = u.nyckelSampleID { row.nyckelSampleID = v } else if clear.contains(.nyckelSampleID) { row.nyckelSampleID = nil }
            if let v = u.sourceScanID { row.sourceScanID = v } else if clear.contains(.sourceScanID) { row.sourceScanID = nil }
            if let v = u.regionName { row.regionName = v } else if clear.contains(.regionName) { row.regionName = nil }
            if let v = u.cropData { row.cropData = v } else if clear.contains(.cropData) { row.cropData = nil }
            if let v = u.imageWidth { row.imageWidth = v } else if clear.contains(.imageWidth) { row.imageWidth = nil }
            if let v = u.imageHeight { row.imageHeight = v } else if clear.contains(.imageHeight) { row.imageHeight = nil }
            if let v = u.fileSizeBytes { row.fileSizeBytes = v } else if clear.contains(.fileSizeBytes) { row.fileSizeBytes = nil }
            rows[e.sampleID] = row
        case .deleted:
            rows[e.sampleID] = nil
        case .imageFetched, .imageFetchFailed:
            break  // image facts leave the table as it is
        }
    }

    private static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    private static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }
    private static func newestFirst(_ a: SampleRow, _ b: SampleRow) -> Bool {
        a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id
    }

    func query(_ name: QueryName, _ o: QueryOptions) throws -> ResultTable {
        let all = Array(rows.values)
        switch name {
        case .labelTypes:
            var counts: [String: Int] = [:]
            for r in all { counts[r.labelType.rawValue, default: 0] += 1 }
            let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : Self.less(Self.bytes($0.key), Self.bytes($1.key)) }
            return ResultTable(columns: ["label_type", "sample_count"], rows: sorted.map { [.text($0.key), .int(Int64($0.value))] })
        case .labels:
            var counts: [[UInt8]: [String: Int]] = [:]
            for r in all where o.labelType == nil || r.labelType == o.labelType {
                counts[Self.bytes(r.label), default: [:]][r.labelType.rawValue, default: 0] += 1
            }
            let flat = counts.flatMap { label, types in types.map { (label: label, type: $0.key, n: $0.value) } }
            let sorted = flat.sorted {
                if $0.n != $1.n { return $0.n > $1.n }
                if $0.label != $1.label { return Self.less($0.label, $1.label) }
                return Self.less(Self.bytes($0.type), Self.bytes($1.type))
            }
            return ResultTable(columns: ["label", "label_type", "count"], rows: sorted.map {
                [.text(String(decoding: $0.label, as: UTF8.self)), .text($0.type), .int(Int64($0.n))]
            })
        case .failed, .problems:
            if name == .failed, o.limit < 0 { throw QueryError.negativeLimit(query: name, option: "--limit", value: o.limit) }
            let wanted: Set<NyckelStatus> = name == .failed ? [.error] : [.error, .rejected]
            let sorted = all.filter { wanted.contains($0.status) }.sorted(by: Self.newestFirst)
            let limited = name == .failed ? Array(sorted.prefix(o.limit)) : sorted
            return ResultTable(columns: ["id", "created_at", "label", "label_type", "image_url", "nyckel_status"],
                               rows: limited.map {
                [.text($0.id.description), .timestamp($0.createdAt), .text($0.label), .text($0.labelType.rawValue),
                 .text($0.imageURL), .text($0.status.rawValue)]
            })
        case .daily:
            if o.days < 0 { throw QueryError.negativeLimit(query: name, option: "--days", value: o.days) }
            var perDay: [Int64: [SampleRow]] = [:]
            for r in all { perDay[r.createdAt.utcDay, default: []].append(r) }
            let days = perDay.keys.sorted(by: >).prefix(o.days)
            return ResultTable(columns: ["training_date", "samples_submitted", "unique_labels"], rows: days.map { day in
                let rs = perDay[day] ?? []
                return [.date(day), .int(Int64(rs.count)), .int(Int64(Set(rs.map { Self.bytes($0.label) }).count))]
            })
        case .samples:
            guard let label = o.label else { throw QueryError.missingOption(query: name, option: "--label") }
            let sorted = all.filter { Self.bytes($0.label) == Self.bytes(label) && (o.labelType == nil || $0.labelType == o.labelType) }
                .sorted(by: Self.newestFirst)
            return ResultTable(columns: ["id", "image_url", "created_at", "nyckel_status"], rows: sorted.map {
                [.text($0.id.description), .text($0.imageURL), .timestamp($0.createdAt), .text($0.status.rawValue)]
            })
        case .accepted:
            let sorted = all.filter { $0.status == .accepted }.sorted {
                if Self.bytes($0.label) != Self.bytes($1.label) { return Self.less(Self.bytes($0.label), Self.bytes($1.label)) }
                return $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id
            }
            return ResultTable(columns: ["image_url", "label", "label_type", "crop_data", "created_at"], rows: sorted.map {
                [.text($0.imageURL), .text($0.label), .text($0.labelType.rawValue), $0.cropData.map { .crop($0) } ?? .null,
                 .timestamp($0.createdAt)]
            })
        case .scans:
            let sorted = all.filter { $0.sourceScanID != nil }.sorted(by: Self.newestFirst)
            return ResultTable(columns: ["id", "label", "region_name", "image_url", "source_scan_id"], rows: sorted.map {
                [.text($0.id.description), .text($0.label), $0.regionName.map { .text($0) } ?? .null, .text($0.imageURL),
                 $0.sourceScanID.map { .text($0) } ?? .null]
            })
        case .balance:
            let type = o.labelType ?? .grade
            var counts: [[UInt8]: Int] = [:]
            for r in all where r.labelType == type { counts[Self.bytes(r.label), default: 0] += 1 }
            let sorted = counts.filter { $0.value < o.below }
                .sorted { $0.value != $1.value ? $0.value < $1.value : Self.less($0.key, $1.key) }
            return ResultTable(columns: ["label", "count"], rows: sorted.map {
                [.text(String(decoding: $0.key, as: UTF8.self)), .int(Int64($0.value))]
            })
        case .overall:
            let accepted = all.filter { $0.status == .accepted }.count
            var rate = Cell.null
            if !all.isEmpty {
                // Long division to the third decimal, then round half up.
                let thousandths = accepted * 100_000 / all.count
                let hundredths = thousandths / 10 + (thousandths % 10 >= 5 ? 1 : 0)
                rate = .decimal("\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)")
            }
            return ResultTable(
                columns: ["total_samples", "unique_labels", "successful", "failed", "success_rate"],
                rows: [[.int(Int64(all.count)), .int(Int64(Set(all.map { Self.bytes($0.label) }).count)),
                        .int(Int64(accepted)), .int(Int64(all.filter { $0.status == .error }.count)), rate]],
                singleObject: true)
        }
    }
}
