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
        imageSummary(ledger.digest, store: store)
    }

    /// The same section from the image facts folded with this set (`images`): what a read at the
    /// log's end uses, so it needs no scan of the log for image events.
    public func imageSummary(store: BlobStore) -> ResultTable {
        imageSummary(images, store: store)
    }

    /// The section from `digest`'s fetches (digests compared by number: no text is made but one
    /// per distinct SHA-256, to ask the store).
    private func imageSummary(_ digest: ImageDigest, store: BlobStore) -> ResultTable {
        var present: [Int32: Bool] = [:]
        // Per digest of a live sample's stored image: how many live samples, the first one's
        // label, and whether another label was seen.
        var groups: [Int32: (count: Int, labelID: Int32, mixed: Bool)] = [:]
        var stored = 0
        digest.forEachNumbered { id, n in
            guard let slot = table.slot(of: id) else { return }
            let isPresent: Bool
            if let known = present[n] {
                isPresent = known
            } else {
                isPresent = store.contains(digest.table.text(n))
                present[n] = isPresent
            }
            guard isPresent else { return }
            stored += 1
            let labelID = table.facts(slot).labelID
            if var group = groups[n] {
                group.count += 1
                if group.labelID != labelID { group.mixed = true }
                groups[n] = group
            } else {
                groups[n] = (1, labelID, false)
            }
        }
        let duplicates = groups.values.filter { $0.count > 1 }
        return ImageCheck.summary(stored: stored, missing: liveCount - stored, duplicates: duplicates.count,
                                  conflicts: duplicates.filter(\.mixed).count)
    }
}
