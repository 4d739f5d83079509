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
        imageSummary(store: store) { body in
            for (id, entry) in ledger.entries { if let fetched = entry.fetched { body(id, fetched.sha256) } }
        }
    }

    /// The same section from the image facts folded with this set (`images`): what a read at the
    /// log's end uses, so it needs no scan of the log for image events.
    public func imageSummary(store: BlobStore) -> ResultTable {
        imageSummary(store: store) { body in images.forEach(body) }
    }

    /// The section from `fetched`, which calls its argument with each sample whose last fetch
    /// stored an image and that image's SHA-256.
    private func imageSummary(store: BlobStore, fetched: ((SampleID, String) -> Void) -> Void) -> ResultTable {
        var present: [String: Bool] = [:]
        // Per SHA-256 of a live sample's stored image: how many live samples, the first one's
        // label, and whether another label was seen.
        var groups: [String: (count: Int, labelID: Int32, mixed: Bool)] = [:]
        var stored = 0
        fetched { id, sha256 in
            guard let slot = table.slot(of: id) else { return }
            let isPresent: Bool
            if let known = present[sha256] {
                isPresent = known
            } else {
                isPresent = store.contains(sha256)
                present[sha256] = isPresent
            }
            guard isPresent else { return }
            stored += 1
            let labelID = table.facts(slot).labelID
            if var group = groups[sha256] {
                group.count += 1
                if group.labelID != labelID { group.mixed = true }
                groups[sha256] = group
            } else {
                groups[sha256] = (1, labelID, false)
            }
        }
        let duplicates = groups.values.filter { $0.count > 1 }
        return ImageCheck.summary(stored: stored, missing: liveCount - stored, duplicates: duplicates.count,
                                  conflicts: duplicates.filter(\.mixed).count)
    }
}
