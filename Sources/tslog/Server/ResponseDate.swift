import EventLog
import Foundation

/// The `Date: …\r\n` line every response carries: RFC 9110 6.6.1 has an origin server with a
/// clock send `Date` in its 2xx, 3xx and 4xx responses (and 5xx may have it too; ours do).
///
/// Formatted at most once a second: the line is kept with the epoch second it names, and a
/// response in the same second takes the kept bytes under a lock held for a comparison and a
/// copy of a reference. The one-connection append latency is measured (a benchmark against
/// PostgreSQL), and a formatter per response would show in it.
final class ResponseDate: @unchecked Sendable {
    // @unchecked: `second` and `line` are only touched with `lock` held.
    static let shared = ResponseDate()

    private let lock = NSLock()
    private var second = Int.min
    private var line: [UInt8] = []

    /// `Date: <IMF-fixdate of now>\r\n`.
    func headerLine() -> [UInt8] {
        let now = Int(Timestamp.now().microseconds / 1_000_000)
        lock.lock()
        if now == second {
            let kept = line
            lock.unlock()
            return kept
        }
        lock.unlock()
        let fresh = Array("Date: ".utf8) + IMFFixdate.bytes(epochSecond: now) + Array("\r\n".utf8)
        // Kept whatever second it names: a clock set back is followed at once, and two threads
        // that both formatted at a second's turn cost at most one more formatting.
        lock.lock()
        second = now
        line = fresh
        lock.unlock()
        return fresh
    }
}
