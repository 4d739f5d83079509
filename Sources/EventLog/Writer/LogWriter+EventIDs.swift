extension LogWriter {
    /// Loads the event-id index when the log still holds the prefix it names (`holds`) and
    /// reads the records after that prefix; otherwise (missing, damaged, foreign, from an earlier
    /// life of the log, ahead of it) rebuilds it from every record.
    ///
    /// With `deferTail`, the records after the file's prefix are read later: by the next
    /// `forEachRecord` (which reads them in the same pass as its own), or by `finishEventIDs`,
    /// which every use of the event ids calls first.
    func loadEventIDs(deferTail: Bool = false) throws {
        try? PathOps.unlink(EventIDIndex.legacyPath(directory))
        let path = EventIDIndex.path(directory)
        if case .loaded(let table) = SortedTable.open(path, kind: EventIDIndex.kind) {
            if holds(table.prefix) {
                indexes.eventIDs.close()
                indexes.eventIDs = EventIDStore(base: table, covered: table.prefix)
                eventIDsReadThrough = table.prefix.seq
                if !deferTail { try finishEventIDs() }
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
        eventIDsReadThrough = nil
        try readEventIDs(after: 0)
        try? indexes.eventIDs.compact(path: EventIDIndex.path(directory), prefix: end)
    }

    /// The seqs of the records whose event_id hashes to `hash` (to be confirmed by reading
    /// them); an index file that fails a check is rebuilt and asked again.
    func eventIDCandidates(_ hash: UInt64) throws -> [UInt64] {
        try finishEventIDs()
        do {
            return try indexes.eventIDs.seqs(for: hash)
        } catch is SortedTable.Damaged {
            try rebuildEventIDs()
            return try indexes.eventIDs.seqs(for: hash)
        }
    }

    /// Reads the event ids of the records after the event-id index's prefix that are not read
    /// yet (a deferred tail, see `loadEventIDs`), then rewrites the file if it is far behind.
    package func finishEventIDs() throws {
        guard eventIDsReadThrough != nil else { return }
        try forEachRecord(after: lastSeq) { _ in }
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
        guard eventIDsReadThrough == nil else { return }  // the tail is not all in memory yet
        let behind = end.seq - indexes.eventIDs.covered.seq
        guard behind > 0 else { return }
        let entries = UInt64(indexes.eventIDs.base?.count ?? 0)
        guard behind > EventIDIndex.compactAfter || behind * 4 > entries else { return }
        try? indexes.eventIDs.compact(path: EventIDIndex.path(directory), prefix: end)
    }
}
