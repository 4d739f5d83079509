extension LogWriter {
    /// Appends several independent batches with one write path and one fsync, as if each were
    /// appended by its own `append` call in array order. Returns one result per batch.
    ///
    /// Each batch is validated on its own: a batch with an invalid record gets that error and
    /// takes no seqs, while the others are appended. The valid batches are then written together
    /// (one plan, as few `write`s as possible, one fsync). If that write fails every valid batch
    /// of the group gets the same error and nothing of the group is stored (see `append`).
    /// This is what `GroupCommitWriter`'s leader calls.
    ///
    /// - Complexity: O(total bytes of the batches).
    public func appendGroup(_ batches: [[NewRecord]]) -> [Result<AppendResult?, Error>] {
        var results = [Result<AppendResult?, Error>](repeating: .success(nil), count: batches.count)
        if isClosed {
            let e = LogError(.writerUnusable, "the writer for \(directory) is closed")
            return results.map { _ in .failure(e) }
        }
        if unusableReason != nil {
            let e = refusal
            return results.map { _ in .failure(e) }
        }
        var combined: [NewRecord] = []
        var members: [(index: Int, count: Int)] = []
        for (i, batch) in batches.enumerated() where !batch.isEmpty {
            do {
                try validate(batch)
                combined.append(contentsOf: batch)
                members.append((i, batch.count))
            } catch {
                results[i] = .failure(error)
            }
        }
        guard !combined.isEmpty else { return results }
        do {
            try appendValidated(combined)
        } catch {
            for m in members { results[m.index] = .failure(error) }
            return results
        }
        var next = lastSeq - UInt64(combined.count) + 1
        for m in members {
            let last = next + UInt64(m.count) - 1
            results[m.index] = .success(AppendResult(firstSeq: next, lastSeq: last, count: m.count))
            next = last + 1
        }
        return results
    }
}
