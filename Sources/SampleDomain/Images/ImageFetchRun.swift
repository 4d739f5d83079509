import EventLog
import Foundation

/// One `tslog images fetch`: downloads the given samples' images into the log directory's
/// `BlobStore` and appends what it learned as `image.fetched` / `image.fetch_failed` events.
///
/// Holds the store's lock for the whole run (so one fetch runs at a time and the leftovers of a
/// killed one can be removed first), but never the log's writer while downloading: the writer
/// is taken (waiting for it as any `append` does) only to append a batch of results, once about
/// every `batchSeconds`, and given back at once (`FetchLogWriter`), so appends from other
/// processes go through during a fetch of any length. With `appendLines` (a running
/// `tslog serve` holds the writer: the events go through its `POST /v1/events`) the log is only
/// read. Each batch is one durable write, so a kill loses at most the results not appended yet:
/// their blobs are already stored, and the next run finds them again without writing a second
/// copy. Liveness is checked under the writer: before the first request, samples deleted since
/// the caller read its job list are dropped from it (never requested); an event for a sample
/// deleted while the fetch ran is refused by the batch's validation and dropped (`Summary`).
public struct ImageFetchRun {
    /// A sample to fetch.
    public struct Job: Sendable {
        public var sampleID: SampleID
        public var url: String
        public init(sampleID: SampleID, url: String) { self.sampleID = sampleID; self.url = url }
    }

    /// What the run did. A job counts in exactly one of `fetched`, `failed`, `dropped` and
    /// `skipped`.
    public struct Summary: Sendable {
        /// Images fetched and recorded (`image.fetched` appended).
        public var fetched = 0
        /// The failures recorded, in job order: sample, URL, reason.
        public var failed: [(job: Job, reason: String)] = []
        /// Leftover temporary files of a killed run that were removed first.
        public var leftoversRemoved = 0
        /// Jobs whose event was not appended because their sample was deleted while the fetch
        /// ran (whatever their outcome).
        public var dropped = 0
        /// Jobs not requested because their sample was deleted before the fetch began (found
        /// under the writer lock, after the caller read the log).
        public var skipped: [Job] = []
        /// Requests made, retries included.
        public var requests = 0
    }

    /// How often the results gathered so far are appended, in seconds.
    public var batchSeconds = 1.0

    /// Appends input lines elsewhere than through this process's own writer (the server's
    /// `POST /v1/events` with `skip_invalid`), returning the 0-based positions of the lines that
    /// were refused (a sample deleted meanwhile). Nil: the run opens the log's writer itself.
    public var appendLines: (([String]) throws -> [Int])?

    public init() {}

    /// Fetches `jobs` into the log at `directory`; `progress(done)` is called as results arrive.
    public func run(_ jobs: [Job], directory: String, options: ImageFetcher.Options,
                    progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> Summary {
        let store = BlobStore(logDirectory: directory)
        let lock = try store.lockForWriting()
        defer { lock.release() }
        var summary = Summary()
        summary.leftoversRemoved = store.removeLeftovers()
        guard !jobs.isEmpty else { return summary }
        let writer = appendLines == nil ? FetchLogWriter(directory: directory) : nil
        var jobs = jobs
        if let writer {
            // Briefly under the writer: fails now (not after the downloads) when another process
            // keeps it, and leaves out the samples deleted since the caller read the log.
            (jobs, summary.skipped) = try writer.partitionByLiveness(jobs)
            guard !jobs.isEmpty else { return summary }
        }
        let pending = PendingLines()
        let fetcher = ImageFetcher(store: store, options: options)
        let stats = RunStats(count: jobs.count)
        // Appends happen on this thread; the fetch runs on its own threads until done.
        let finished = DispatchSemaphore(value: 0)
        let fetchThread = Thread { [jobs] in
            fetcher.fetch(jobs.map(\.url)) { index, outcome, attempts in
                let line = Self.line(jobs[index], outcome)
                stats.record(index, outcome, attempts)
                pending.add((index, line))
                progress(stats.done)
            }
            finished.signal()
        }
        fetchThread.start()
        var appendError: (any Error)?
        var dropped: Set<Int> = []
        var done = false
        while !done {
            done = finished.wait(timeout: .now() + batchSeconds) == .success
            let lines = pending.take()
            guard !lines.isEmpty, appendError == nil else { continue }
            do {
                let refused = try appendLines?(lines.map(\.line)) ?? writer?.append(lines.map(\.line)) ?? []
                for position in refused where lines.indices.contains(position) { dropped.insert(lines[position].job) }
            } catch let error as LogError where error.kind == .locked && !done {
                pending.putBack(lines)  // another writer kept the log longer than the wait: next batch
            } catch {
                appendError = error  // let the fetch finish (its blobs are stored), then report
            }
        }
        if let appendError { throw appendError }
        summary.dropped = dropped.count
        for (i, job) in jobs.enumerated() where !dropped.contains(i) {
            switch stats.outcomes[i] {
            case .fetched?: summary.fetched += 1
            case .failed(let reason, _)?: summary.failed.append((job, reason))
            case nil: summary.failed.append((job, "no result"))
            }
        }
        summary.requests = stats.requests
        return summary
    }

    /// The input line recording `outcome` for `job` (the public input format of the two events).
    public static func line(_ job: Job, _ outcome: ImageFetcher.Outcome) -> String {
        var w = JSONWriter()
        w.beginObject()
        switch outcome {
        case .fetched(let sha256, let bytes, let info, let contentType):
            w.key("type"); w.string("image.fetched")
            w.key("sample_id"); w.string(job.sampleID.description)
            w.key("url"); w.string(job.url)
            w.key("sha256"); w.string(sha256)
            w.key("bytes"); w.int(bytes)
            w.key("format"); w.string(info.format.rawValue)
            w.key("width"); w.int(info.width)
            w.key("height"); w.int(info.height)
            if let contentType { w.key("content_type"); w.string(contentType) }
        case .failed(let reason, let status):
            w.key("type"); w.string("image.fetch_failed")
            w.key("sample_id"); w.string(job.sampleID.description)
            w.key("url"); w.string(job.url)
            w.key("reason"); w.string(reason)
            if let status { w.key("http_status"); w.int(status) }
        }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// Lines waiting to be appended, filled by the fetch threads.
private final class PendingLines: @unchecked Sendable {
    private let lock = NSLock()
    /// Each line with the index of the job it records.
    typealias Entry = (job: Int, line: String)
    private var lines: [Entry] = []
    func add(_ entry: Entry) { lock.lock(); lines.append(entry); lock.unlock() }
    /// Puts taken lines back in front of those added since, to be taken again.
    func putBack(_ taken: [Entry]) { lock.lock(); lines = taken + lines; lock.unlock() }
    func take() -> [Entry] {
        lock.lock()
        defer { lock.unlock() }
        let taken = lines
        lines = []
        return taken
    }
}

/// Outcomes and counts gathered from the fetch threads.
private final class RunStats: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var outcomes: [ImageFetcher.Outcome?]
    private(set) var done = 0
    private(set) var requests = 0
    init(count: Int) { outcomes = Array(repeating: nil, count: count) }
    func record(_ index: Int, _ outcome: ImageFetcher.Outcome, _ attempts: Int) {
        lock.lock()
        outcomes[index] = outcome
        done += 1
        requests += attempts
        lock.unlock()
    }
}
