import EventLog
import Foundation

/// One `tslog images fetch`: downloads the given samples' images into the log directory's
/// `BlobStore` and appends what it learned as `image.fetched` / `image.fetch_failed` events.
///
/// Holds the store's lock for the whole run (so one fetch runs at a time and the leftovers of a
/// killed one can be removed first) and, unless `appendLines` is set, the log's writer while
/// appending. With `appendLines` (a running `tslog serve` holds the writer: the events go
/// through its `POST /v1/events`) the log is only read. Results are appended
/// in batches as they arrive (every `batchSeconds`), each batch one durable
/// write, so a kill loses at most the last batch's events: their blobs are already stored, and
/// the next run finds them again without writing a second copy. An event for a sample deleted
/// while the fetch ran is refused by validation and dropped.
public struct ImageFetchRun {
    /// A sample to fetch.
    public struct Job: Sendable {
        public var sampleID: SampleID
        public var url: String
        public init(sampleID: SampleID, url: String) { self.sampleID = sampleID; self.url = url }
    }

    /// What the run did.
    public struct Summary: Sendable {
        public var fetched = 0
        /// The failures, in job order: sample, URL, reason.
        public var failed: [(job: Job, reason: String)] = []
        /// Leftover temporary files of a killed run that were removed first.
        public var leftoversRemoved = 0
        /// Events not appended because their sample was deleted meanwhile.
        public var dropped = 0
        /// Requests made, retries included.
        public var requests = 0
    }

    /// How often the results gathered so far are appended, in seconds.
    public var batchSeconds = 1.0

    /// Appends input lines elsewhere than through this process's own writer (the server's
    /// `POST /v1/events` with `skip_invalid`), returning how many were refused (a sample deleted
    /// meanwhile). Nil: the run opens the log's writer itself.
    public var appendLines: (([String]) throws -> Int)?

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
        let sampleStore = appendLines == nil ? try SampleStore(directory: directory) : nil
        defer { try? sampleStore?.close() }
        let pending = PendingLines()
        let fetcher = ImageFetcher(store: store, options: options)
        let stats = RunStats(count: jobs.count)
        // Appends happen on this thread; the fetch runs on its own threads until done.
        let finished = DispatchSemaphore(value: 0)
        let fetchThread = Thread {
            fetcher.fetch(jobs.map(\.url)) { index, outcome, attempts in
                let line = Self.line(jobs[index], outcome)
                stats.record(index, outcome, attempts)
                pending.add(line)
                progress(stats.done)
            }
            finished.signal()
        }
        fetchThread.start()
        var appendError: (any Error)?
        var done = false
        while !done {
            done = finished.wait(timeout: .now() + batchSeconds) == .success
            let lines = pending.take()
            guard !lines.isEmpty, appendError == nil else { continue }
            do {
                if let appendLines {
                    summary.dropped += try appendLines(lines)
                } else if let sampleStore {
                    let numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: Array($0.element.utf8)) }
                    let result = try sampleStore.append(lines: numbered, skipInvalid: true, now: .now())
                    summary.dropped += result.refused.count
                }
            } catch {
                appendError = error  // let the fetch finish (its blobs are stored), then report
            }
        }
        if let appendError { throw appendError }
        for (i, job) in jobs.enumerated() {
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
    private var lines: [String] = []
    func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    func take() -> [String] {
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
