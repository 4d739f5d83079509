import EventLog

/// How a plain `tslog images fetch` writes to its log: the writer is opened (taking the lock,
/// waiting for it as `append` does, and recovering), used for one short step and closed again,
/// so the lock is never held while images download.
struct FetchLogWriter {
    let directory: String

    /// The jobs whose sample is live in the log now, and the others, each in order.
    func partitionByLiveness(_ jobs: [ImageFetchRun.Job]) throws -> (live: [ImageFetchRun.Job], gone: [ImageFetchRun.Job]) {
        try withStore { store in
            var live: [ImageFetchRun.Job] = []
            var gone: [ImageFetchRun.Job] = []
            for job in jobs {
                if store.registry.isLive(job.sampleID) { live.append(job) } else { gone.append(job) }
            }
            return (live, gone)
        }
    }

    /// Appends `lines` (input lines of the two image events) as one durable write, skipping the
    /// invalid ones; returns the 0-based positions of those refused (their sample was deleted
    /// meanwhile).
    func append(_ lines: [String]) throws -> [Int] {
        let numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
        return try withStore { store in
            try store.append(lines: numbered, skipInvalid: true, now: .now()).refused.map { $0.line - 1 }
        }
    }

    /// Opens the log's `SampleStore`, runs `body` and closes it, whatever `body` did.
    private func withStore<T>(_ body: (SampleStore) throws -> T) throws -> T {
        let store = try SampleStore(directory: directory)
        let result: T
        do {
            result = try body(store)
        } catch {
            try? store.close()
            throw error
        }
        try store.close()
        return result
    }
}
