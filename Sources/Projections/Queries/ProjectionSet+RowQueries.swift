import EventLog
import SampleDomain

/// The queries that list rows rather than counts.
extension ProjectionSet {
    /// A row's sort key for `ORDER BY created_at DESC, id`.
    private struct Recency {
        var createdAt: Int64
        var id: SampleID
        var slot: Int32
        static func newerFirst(_ a: Recency, _ b: Recency) -> Bool {
            a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id
        }
    }

    private func recency(_ slots: [Int32]) -> [Recency] {
        slots.map { Recency(createdAt: table.rows[Int($0)].createdAt, id: table.rows[Int($0)].id, slot: $0) }
    }

    private func liveSlots(where keep: (SampleTable.StoredRow) -> Bool) -> [Int32] {
        var out: [Int32] = []
        for (i, row) in table.rows.enumerated() where row.live && keep(row) { out.append(Int32(i)) }
        return out
    }

    /// `failed` and `problems`: `SELECT id, created_at, label, label_type, image_url, nyckel_status
    /// … ORDER BY created_at DESC, id LIMIT limit`.
    func rowListing(_ slots: [Int32], limit: Int) throws -> ResultTable {
        let chosen = recency(slots).firstSorted(limit, by: Recency.newerFirst)
        let wides = try table.wideColumns(of: chosen.map(\.slot))
        return ResultTable(
            columns: ["id", "created_at", "label", "label_type", "image_url", "nyckel_status"],
            rows: zip(chosen, wides).map { (chosen, wide) in
                let r = table.rows[Int(chosen.slot)]
                let wide = wide.submitted
                return [.text(r.id.description), .timestamp(Timestamp(microseconds: r.createdAt)),
                        .text(table.labels[r.labelID]), .text(r.labelType.rawValue), .text(wide.imageURL),
                        .text(r.status.rawValue)]
            })
    }

    /// `SELECT id, image_url, created_at, nyckel_status WHERE label = L [AND label_type = T]
    /// ORDER BY created_at DESC, id`.
    func samplesQuery(_ label: String, _ type: LabelType?) throws -> ResultTable {
        let columns = ["id", "image_url", "created_at", "nyckel_status"]
        guard let labelID = table.labels.id(of: label) else { return ResultTable(columns: columns, rows: []) }
        let slots = liveSlots { $0.labelID == labelID && (type == nil || $0.labelType == type) }
        let chosen = recency(slots).sorted(by: Recency.newerFirst)
        let wides = try table.wideColumns(of: chosen.map(\.slot))
        return ResultTable(columns: columns, rows: zip(chosen, wides).map { (chosen, wide) in
            let r = table.rows[Int(chosen.slot)]
            let wide = wide.submitted
            return [.text(r.id.description), .text(wide.imageURL), .timestamp(Timestamp(microseconds: r.createdAt)),
                    .text(r.status.rawValue)]
        })
    }

    /// `SELECT image_url, label, label_type, crop_data, created_at WHERE nyckel_status = 'accepted'
    /// ORDER BY label, created_at, id`.
    func acceptedQuery() throws -> ResultTable {
        // Rank the labels once by bytes, then sort the rows by integers.
        let order = (0..<Int32(table.labels.count)).sorted { table.labels[$0].bytewiseLess(table.labels[$1]) }
        var rank = [Int32](repeating: 0, count: order.count)
        for (r, id) in order.enumerated() { rank[Int(id)] = Int32(r) }
        let keyed = statuses.slots(.accepted).map { slot in
            let r = table.rows[Int(slot)]
            return (rank: rank[Int(r.labelID)], createdAt: r.createdAt, id: r.id, slot: slot)
        }
        let chosen = keyed.sorted {
            if $0.rank != $1.rank { return $0.rank < $1.rank }
            return $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id
        }
        let wides = try table.wideColumns(of: chosen.map(\.slot))
        return ResultTable(columns: ["image_url", "label", "label_type", "crop_data", "created_at"], rows: zip(chosen, wides).map { (chosen, wide) in
            let r = table.rows[Int(chosen.slot)]
            let wide = wide.submitted
            return [.text(wide.imageURL), .text(table.labels[r.labelID]), .text(r.labelType.rawValue),
                    wide.cropData.map(Cell.crop) ?? .null, .timestamp(Timestamp(microseconds: r.createdAt))]
        })
    }

    /// `SELECT id, label, region_name, image_url, source_scan_id WHERE source_scan_id IS NOT NULL
    /// ORDER BY created_at DESC, id`.
    func scansQuery() throws -> ResultTable {
        let chosen = recency(liveSlots { $0.hasScan }).sorted(by: Recency.newerFirst)
        let wides = try table.wideColumns(of: chosen.map(\.slot))
        return ResultTable(columns: ["id", "label", "region_name", "image_url", "source_scan_id"], rows: zip(chosen, wides).map { (chosen, wide) in
            let r = table.rows[Int(chosen.slot)]
            let wide = wide.submitted
            return [.text(r.id.description), .text(table.labels[r.labelID]),
                    wide.regionName.map(Cell.text) ?? .null, .text(wide.imageURL),
                    wide.sourceScanID.map(Cell.text) ?? .null]
        })
    }
}
