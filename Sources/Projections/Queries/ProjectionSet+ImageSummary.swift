import EventLog
import SampleDomain

extension ProjectionSet {
    /// The `images` section of `project stats` and the report: the same four counts as
    /// `ImageCheck(rows: exportRows(), ledger: ledger, store: store).summary`, taken from the
    /// ledger's entries and the table's compact rows, so no row is read back from the log and
    /// each stored blob is looked up once.
    /// - Complexity: O(samples with image events + live rows' count), plus one file lookup per
    ///   distinct SHA-256.
    public func imageSummary(_ ledger: ImageLedger, store: BlobStore) -> ResultTable {
        var present: [String: Bool] = [:]
        // Per SHA-256 of a live sample's stored image: how many live samples, the first one's
        // label, and whether another label was seen.
        var groups: [String: (count: Int, labelID: Int32, mixed: Bool)] = [:]
        var stored = 0
        for (id, entry) in ledger.entries {
            guard let fetched = entry.fetched, let slot = table.slot(of: id) else { continue }
            let isPresent: Bool
            if let known = present[fetched.sha256] {
                isPresent = known
            } else {
                isPresent = store.contains(fetched.sha256)
                present[fetched.sha256] = isPresent
            }
            guard isPresent else { continue }
            stored += 1
            let labelID = table.facts(slot).labelID
            if var group = groups[fetched.sha256] {
                group.count += 1
                if group.labelID != labelID { group.mixed = true }
                groups[fetched.sha256] = group
            } else {
                groups[fetched.sha256] = (1, labelID, false)
            }
        }
        let duplicates = groups.values.filter { $0.count > 1 }
        return ImageCheck.summary(stored: stored, missing: liveCount - stored, duplicates: duplicates.count,
                                  conflicts: duplicates.filter(\.mixed).count)
    }
}
