import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET through the toolchain's URLSession, read as a stream so a limit holds whatever
/// the server says: a `Content-Length` over the limit is refused before the body, and any body
/// is cut off as soon as it passes the limit. A body shorter than its `Content-Length` is refused.
struct HTTPDownload: Sendable {
    /// What one attempt gave.
    enum Result: Sendable {
        /// A 2xx with its whole body.
        case body([UInt8], contentType: String?)
        /// A refusal; `retryable` for timeouts and 5xx.
        case failure(reason: String, httpStatus: Int?, retryable: Bool)
    }
}

/// A URLSession shared by the download threads; its delegate keeps each task's state.
final class DownloadSession: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Int: TaskState] = [:]
    private var session: URLSession!
    private let maxBytes: Int

    private final class TaskState {
        var status: Int?
        var contentType: String?
        var expected: Int64 = -1
        var encoded = false
        var body: [UInt8] = []
        var refusal: HTTPDownload.Result?
        let done = DispatchSemaphore(value: 0)
        var error: (any Error)?
    }

    /// A session for up to `connections` parallel requests, each limited to `timeout` seconds and
    /// `maxBytes` bytes of body.
    init(connections: Int, timeout: Double, maxBytes: Int) {
        self.maxBytes = maxBytes
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(connections, 1)
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    }

    /// Ends the session (outstanding tasks are cancelled).
    func close() { session.invalidateAndCancel() }

    /// GETs `url`, blocking the calling thread until the body is complete or refused.
    func get(_ url: URL) -> HTTPDownload.Result {
        let state = TaskState()
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("image/*", forHTTPHeaderField: "Accept")
        let task = session.dataTask(with: request)
        lock.lock()
        tasks[task.taskIdentifier] = state
        lock.unlock()
        task.resume()
        state.done.wait()
        lock.lock()
        tasks[task.taskIdentifier] = nil
        lock.unlock()
        return outcome(state)
    }

    private func outcome(_ s: TaskState) -> HTTPDownload.Result {
        if let refusal = s.refusal { return refusal }
        if let error = s.error {
            let code = (error as? URLError)?.code
            if code == .timedOut { return .failure(reason: "timeout", httpStatus: s.status, retryable: true) }
            if s.expected >= 0, !s.encoded, Int64(s.body.count) < s.expected {
                return .failure(reason: "short body: \(s.body.count) of \(s.expected) bytes", httpStatus: s.status, retryable: false)
            }
            return .failure(reason: "network error: \(error.localizedDescription)", httpStatus: s.status, retryable: false)
        }
        guard let status = s.status else {
            return .failure(reason: "no HTTP response", httpStatus: nil, retryable: false)
        }
        if s.expected >= 0, !s.encoded, Int64(s.body.count) != s.expected {
            return .failure(reason: "short body: \(s.body.count) of \(s.expected) bytes", httpStatus: status, retryable: false)
        }
        guard (200..<300).contains(status) else {
            return .failure(reason: "http \(status)", httpStatus: status, retryable: status >= 500)
        }
        return .body(s.body, contentType: s.contentType)
    }

    private func state(_ task: URLSessionTask) -> TaskState? {
        lock.lock()
        defer { lock.unlock() }
        return tasks[task.taskIdentifier]
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let s = state(dataTask) else { return completionHandler(.cancel) }
        let http = response as? HTTPURLResponse
        s.status = http?.statusCode
        s.contentType = http?.value(forHTTPHeaderField: "Content-Type")
        s.encoded = http?.value(forHTTPHeaderField: "Content-Encoding").map { $0.lowercased() != "identity" } ?? false
        s.expected = response.expectedContentLength
        if let status = s.status, !(200..<300).contains(status) {
            s.refusal = .failure(reason: "http \(status)", httpStatus: status, retryable: status >= 500)
            return completionHandler(.cancel)
        }
        if s.expected > Int64(maxBytes) {
            s.refusal = .failure(reason: "too large: Content-Length \(s.expected) is over --max-bytes \(maxBytes)", httpStatus: s.status, retryable: false)
            return completionHandler(.cancel)
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let s = state(dataTask), s.refusal == nil else { return }
        if s.body.count + data.count > maxBytes {
            s.refusal = .failure(reason: "too large: body over --max-bytes \(maxBytes)", httpStatus: s.status, retryable: false)
            dataTask.cancel()
            return
        }
        s.body.append(contentsOf: data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let s = state(task) else { return }
        s.error = error
        s.done.signal()
    }
}
