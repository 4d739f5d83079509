import Foundation

/// One HTTP GET through libcurl (`Curl`), read as a stream so a limit holds whatever the server
/// says: a `Content-Length` over the limit is refused at the body's first bytes, and any body is
/// cut off as soon as it passes the limit. A body shorter than its `Content-Length` is refused.
struct HTTPDownload: Sendable {
    /// What one attempt gave.
    enum Result: Sendable {
        /// A 2xx with its whole body.
        case body([UInt8], contentType: String?)
        /// A refusal; `retryable` for timeouts and 5xx.
        case failure(reason: String, httpStatus: Int?, retryable: Bool)
    }

    /// Why no download can be made here (libcurl cannot be loaded), or nil.
    static var unavailable: String? {
        if case .failure(let error) = Curl.shared {
            return "downloading needs libcurl (Debian: apt-get install libcurl4): \(error)"
        }
        return nil
    }
}

/// The download threads' libcurl handles: one per thread at a time, kept (with their open
/// connections) for the next request.
final class DownloadSession: @unchecked Sendable {
    // @unchecked: `idle` is only touched with `lock` held; a handle is used by one thread at a time.
    private let lock = NSLock()
    private var idle: [Curl.Handle] = []
    private let timeout: Double
    private let maxBytes: Int

    /// A session whose requests are each limited to `timeout` seconds and `maxBytes` bytes of
    /// body. `connections` is how many threads will share it.
    init(connections: Int, timeout: Double, maxBytes: Int) {
        self.timeout = timeout
        self.maxBytes = maxBytes
        idle.reserveCapacity(max(connections, 1))
    }

    /// Frees the handles (and closes their connections).
    func close() {
        lock.lock()
        defer { lock.unlock() }
        if case .success(let curl) = Curl.shared { idle.forEach(curl.release) }
        idle.removeAll()
    }

    /// GETs `url`, blocking the calling thread until the body is complete or refused.
    func get(_ url: URL) -> HTTPDownload.Result {
        let curl: Curl
        switch Curl.shared {
        case .success(let loaded): curl = loaded
        case .failure: return .failure(reason: HTTPDownload.unavailable ?? "libcurl is not available", httpStatus: nil, retryable: false)
        }
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        guard let handle = reused ?? curl.makeHandle() else {
            return .failure(reason: "network error: libcurl could not make a handle", httpStatus: nil, retryable: false)
        }
        let request = Curl.Request(url: url.absoluteString, headers: ["Accept: image/*"], timeout: timeout,
                                   maxBytes: maxBytes, only2xxBodies: true)
        let response = curl.perform(request, on: handle)
        lock.lock()
        idle.append(handle)
        lock.unlock()
        return outcome(response)
    }

    private func outcome(_ r: Curl.Response) -> HTTPDownload.Result {
        switch r.stopped {
        case .status(let status)?:
            return .failure(reason: "http \(status)", httpStatus: status, retryable: status >= 500)
        case .contentLength(let length)?:
            return .failure(reason: "too large: Content-Length \(length) is over --max-bytes \(maxBytes)", httpStatus: r.status, retryable: false)
        case .overLimit?:
            return .failure(reason: "too large: body over --max-bytes \(maxBytes)", httpStatus: r.status, retryable: false)
        case nil:
            break
        }
        if r.timedOut { return .failure(reason: "timeout", httpStatus: r.status, retryable: true) }
        if r.shortBody, r.contentLength >= 0 {
            return .failure(reason: "short body: \(r.body.count) of \(r.contentLength) bytes", httpStatus: r.status, retryable: false)
        }
        if r.code != 0 { return .failure(reason: "network error: \(r.message)", httpStatus: r.status, retryable: false) }
        guard let status = r.status else { return .failure(reason: "no HTTP response", httpStatus: nil, retryable: false) }
        guard (200..<300).contains(status) else {
            return .failure(reason: "http \(status)", httpStatus: status, retryable: status >= 500)
        }
        return .body(r.body, contentType: r.contentType)
    }
}
