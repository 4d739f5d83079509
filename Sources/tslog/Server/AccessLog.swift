import EventLog
import Foundation

/// One line per request on standard error:
/// `TIME METHOD TARGET STATUS BYTES MSms actor=NAME`, e.g.
/// `2026-12-06T15:30:00.123456Z POST /v1/events 201 412 3.2ms actor=app`.
///
/// The target keeps its query, but the value of any parameter whose name suggests a secret
/// (`token`, `key`, `secret`, `auth`, `password`) is written as `REDACTED`, so a token passed in
/// a URL by mistake never reaches the log.
final class AccessLog: @unchecked Sendable {
    // @unchecked: `write` is only called with `lock` held.
    private let lock = NSLock()
    private let write: (String) -> Void

    init(write: @escaping (String) -> Void) { self.write = write }

    func record(method: String, target: String, status: Int, bytes: Int, milliseconds: Double, actor: String?) {
        let line = "\(Timestamp.now().rfc3339()) \(method) \(AccessLog.redacted(target)) \(status) \(bytes) "
            + HTTPText.oneDecimal(milliseconds) + "ms actor=\(actor ?? "-")"
        lock.lock()
        write(line)
        lock.unlock()
    }

    /// Writes a note (start, stop) through the same lock.
    func note(_ text: String) {
        lock.lock()
        write(text)
        lock.unlock()
    }

    /// `target` with secret-looking query values replaced.
    static func redacted(_ target: String) -> String {
        guard let q = target.firstIndex(of: "?") else { return target }
        let parts = target[target.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].lowercased()
            let secret = ["token", "key", "secret", "auth", "password"].contains { name.contains($0) }
            return secret && pieces.count > 1 ? "\(pieces[0])=REDACTED" : String(part)
        }
        return String(target[..<q]) + "?" + parts.joined(separator: "&")
    }
}
