import Foundation

/// The rendered answers of the read routes whose body depends only on the request target and
/// the log (queries, stats, tags), kept for as long as the live state stays at the seq they
/// were rendered at: many clients polling `GET /v1/query/overall` between two commits get the
/// same bytes without rendering the query again for each.
///
/// Only 200 answers are kept, and only when the live state's seq was the same before and after
/// rendering one, so the snapshot it was rendered from is the state at that seq; it is used
/// only while the live state is still at that seq. A commit moves the seq (the server catches the live
/// state up before it answers the append), so the next read renders afresh, with the new
/// `X-Tslog-Seq` and `ETag`. Bounded: at most `maxEntries` answers of at most `maxBodyBytes`
/// each; when full, every entry is dropped.
final class RenderedBodies: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [String: (seq: UInt64, answer: ReadResponse)] = [:]
    static let maxEntries = 256
    static let maxBodyBytes = 1 << 20

    /// Whether answers to `GET path` may be kept: routes whose body is a function of the target
    /// and the log alone (not `/v1/status`, whose uptime moves; not the report or an export,
    /// which are large and rarely repeated).
    static func cacheable(method: String, path: String) -> Bool {
        method == "GET" && (path.hasPrefix("/v1/query/") || path == "/v1/stats" || path == "/v1/tags")
    }

    /// The answer kept for `target` if the live state is still at the seq it was rendered at;
    /// otherwise renders one with `render` (and keeps it when that is safe).
    func answer(target: String, liveSeq: () -> UInt64, render: () -> ReadResponse?) -> ReadResponse? {
        let before = liveSeq()
        lock.lock()
        let kept = entries[target]
        lock.unlock()
        if let kept, kept.seq == before { return kept.answer }
        guard let answer = render() else { return nil }
        // Only a 200: a refusal may depend on the clock (`as_of` in the future is 400 now, and
        // not once that time has passed).
        if answer.status == 200, liveSeq() == before, answer.body.count <= Self.maxBodyBytes {
            lock.lock()
            if entries.count >= Self.maxEntries, entries[target] == nil { entries.removeAll(keepingCapacity: true) }
            entries[target] = (before, answer)
            lock.unlock()
        }
        return answer
    }
}
