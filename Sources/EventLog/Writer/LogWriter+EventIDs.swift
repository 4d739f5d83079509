extension LogWriter {
    /// Loads the event-id index when the log still holds the prefix it names (`holds`) and
    /// reads the records after that prefix; otherwise (missing, damaged, foreign, from an earlier
    /// life of the log, ahead of it) rebuilds it from every record.
    func loadEventIDs() throws {
        try? PathOps.unlink(EventIDIndex.legacyPath(directory))
        let path = EventIDIndex.path(directory)
        if case .loaded(let table) = SortedTable.open(path, kind: EventIDIndex.kind) {
            if holds(table.prefix) {
                indexes.eventIDs.close()
                indexes.eventIDs = EventIDStore(base: table, covered: table.prefix)
                try readEventIDs(after: table.prefix.seq)
                compactEventIDsIfBehind()
                return
            }
            table.close()
        }
        try rebuildEventIDs()
    }

    /// Forgets the event-id index and builds it again from every record, then writes it (if the
    /// file cannot be written, the ids stay in memory and the next open tries again).
    func rebuildEventIDs() throws {
        indexes.eventIDs.close()
        indexes.eventIDs = EventIDStore(base: nil, covered: .empty(logID))
        try readEventIDs(after: 0)
        try? indexes.eventIDs.compact(path: EventIDIndex.path(directory), prefix: end)
    }

    /// The seqs of the records whose event_id hashes to `hash` (to be confirmed by reading
    /// them); an index file that fails a check is rebuilt and asked again.
    func eventIDCandidates(_ hash: UInt64) throws -> [UInt64] {
        do {
            return try indexes.eventIDs.seqs(for: hash)
        } catch is SortedTable.Damaged {
            try rebuildEventIDs()
            return try indexes.eventIDs.seqs(for: hash)
        }
    }

    private func readEventIDs(after seq: UInt64) throws {
        try forEachRecord(after: seq) { view in
            if let raw = view.eventIDRaw { indexes.eventIDs.insert(hash: EventIDIndex.hash(raw), seq: view.seq) }
        }
    }

    /// Rewrites the event-id index when more than `EventIDIndex.compactAfter` records are past
    /// it, or when the records past it are more than a quarter of its entries (so a rewrite
    /// costs at most about five times what it adds, and a small log's file stays current).
    func compactEventIDsIfBehind() {
        let behind = end.seq - indexes.eventIDs.covered.seq
        guard behind > 0 else { return }
        let entries = UInt64(indexes.eventIDs.base?.count ?? 0)
        guard behind > EventIDIndex.compactAfter || behind * 4 > entries else { return }
        try? indexes.eventIDs.compact(path: EventIDIndex.path(directory), prefix: end)
    }
}
