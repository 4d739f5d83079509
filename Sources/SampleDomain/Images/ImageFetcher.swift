import EventLog
import Foundation

/// Downloads images concurrently into a `BlobStore`: `jobs` threads, each request limited to
/// `timeout` seconds and `maxBytes` bytes, retried up to `retries` times with exponential backoff
/// when it timed out or got a 5xx. A body is accepted only when its own header says it is a PNG,
/// JPEG, WebP or GIF (whatever `Content-Type` says) and its bytes run to that format's end
/// (`ImageEnd`), and stored before its result is reported.
public final class ImageFetcher: @unchecked Sendable {
    /// The limits of one run (the options of `tslog images fetch`).
    public struct Options: Sendable {
        public var jobs: Int
        public var timeout: Double
        public var retries: Int
        public var maxBytes: Int
        /// The wait before the first retry; each later retry waits twice as long (at most 5 s).
        public var backoff: Double

        public init(jobs: Int = 8, timeout: Double = 30, retries: Int = 2, maxBytes: Int = 50_000_000, backoff: Double = 0.2) {
            self.jobs = jobs; self.timeout = timeout; self.retries = retries; self.maxBytes = maxBytes; self.backoff = backoff
        }
    }

    /// The result for one URL.
    public enum Outcome: Equatable, Sendable {
        /// Stored: its SHA-256, size and header facts, and the server's `Content-Type`.
        case fetched(sha256: String, bytes: Int, info: ImageInfo, contentType: String?)
        /// Refused: why, and the HTTP status when there was one.
        case failed(reason: String, httpStatus: Int?)
    }

    private let options: Options
    private let store: BlobStore

    public init(store: BlobStore, options: Options) {
        self.store = store
        self.options = options
    }

    /// Why nothing can be fetched on this machine (libcurl, which downloads, cannot be loaded),
    /// or nil. Checked before a fetch starts; a fetch without it fails every URL with this reason.
    public static var unavailable: String? { HTTPDownload.unavailable }

    /// Fetches every URL of `urls`; `report(index, outcome, attempts)` is called once per URL, from
    /// the worker threads, after its bytes are durable. Returns when every URL is reported.
    public func fetch(_ urls: [String], report: @escaping @Sendable (Int, Outcome, Int) -> Void) {
        let session = DownloadSession(connections: options.jobs, timeout: options.timeout, maxBytes: options.maxBytes)
        defer { session.close() }
        let cursor = Cursor()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(options.jobs, urls.count)) {
            group.enter()
            let thread = Thread { [self] in
                while true {
                    let index = cursor.take()
                    guard index < urls.count else { break }
                    let (outcome, attempts) = fetchOne(urls[index], session)
                    report(index, outcome, attempts)
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    /// One URL with its retries; returns the outcome and the number of requests made.
    private func fetchOne(_ text: String, _ session: DownloadSession) -> (Outcome, Int) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            return (.failed(reason: "not an http or https URL", httpStatus: nil), 0)
        }
        var attempt = 0
        while true {
            attempt += 1
            switch session.get(url) {
            case .failure(let reason, let status, let retryable):
                if retryable, attempt <= options.retries {
                    Thread.sleep(forTimeInterval: min(options.backoff * Double(1 << (attempt - 1)), 5))
                    continue
                }
                let tried = attempt > 1 ? " (after \(attempt) attempts)" : ""
                return (.failed(reason: reason + tried, httpStatus: status), attempt)
            case .body(let bytes, let contentType):
                let info: ImageInfo
                do {
                    info = try ImageHeader.read(bytes)
                    try ImageEnd.check(bytes, format: info.format)
                } catch {
                    return (.failed(reason: error.description, httpStatus: nil), attempt)
                }
                do {
                    let stored = try store.put(bytes)
                    return (.fetched(sha256: stored.sha256, bytes: bytes.count, info: info, contentType: contentType), attempt)
                } catch {
                    return (.failed(reason: "cannot store: \(error)", httpStatus: nil), attempt)
                }
            }
        }
    }
}

/// The next index to fetch, shared by the worker threads.
private final class Cursor: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}
