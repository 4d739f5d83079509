import EventLog
import Foundation

/// One line per request on standard error:
/// `TIME METHOD TARGET STATUS BYTES MSms actor=NAME`, e.g.
/// `2026-12-06T15:30:00.123456Z POST /v1/events 201 412 3.2ms actor=app`.
///
/// The target keeps its query, but the value of any parameter whose name suggests a secret
/// (`token`, `key`, `secret`, `auth`, `password`) is written as `REDACTED`, so a token passed in
/// a URL by mistake never reaches the log.
///
/// Lines are written by a thread of the log's own, in batches: a request only appends its line
/// to a buffer (no system call, and no lock held across a write), and the thread writes what
/// collected at most `batchWindow` seconds after the first line of a batch arrived — so a line
/// is on standard error within about 50 ms — or sooner once `batchBytes` collected. `close()`
/// writes everything still buffered before it returns; lines keep the order they were recorded in.
final class AccessLog: @unchecked Sendable {
    // @unchecked: `pending`, `closed` and `finished` are only touched with `condition` held;
    // `write` is only called by the writer thread.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var closed = false
    private var finished = false
    private let write: ([UInt8]) -> Void
    /// Seconds a line may wait for others to share its write.
    static let batchWindow = 0.05
    /// Bytes that are written at once, without waiting for the window to end.
    static let batchBytes = 64 << 10

    /// Starts the writer thread; `write` gets each batch (whole lines, each ending in a newline)
    /// and must flush it.
    init(write: @escaping ([UInt8]) -> Void) {
        self.write = write
        pending.reserveCapacity(Self.batchBytes)
        Thread { [self] in writeBatches() }.start()
    }

    func record(method: String, target: String, status: Int, bytes: Int, milliseconds: Double, actor: String?) {
        note("\(Timestamp.now().rfc3339()) \(method) \(AccessLog.redacted(target)) \(status) \(bytes) "
            + HTTPText.oneDecimal(milliseconds) + "ms actor=\(actor ?? "-")")
    }

    /// Writes a note (start, stop), in order with the request lines.
    func note(_ text: String) {
        condition.lock()
        let wasEmpty = pending.isEmpty
        pending += text.utf8
        pending.append(0x0A)
        // The writer waits, untimed, only for a first line, and wakes by itself at the end of
        // its window otherwise: one signal per batch, not one per line.
        if wasEmpty || pending.count >= Self.batchBytes { condition.signal() }
        condition.unlock()
    }

    /// Writes what is buffered, stops the writer thread and waits for it. Lines recorded later
    /// are dropped. Safe more than once.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func writeBatches() {
        var batch: [UInt8] = []
        batch.reserveCapacity(Self.batchBytes)
        condition.lock()
        while true {
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty { break }
            let deadline = Date(timeIntervalSinceNow: Self.batchWindow)
            while !closed && pending.count < Self.batchBytes {
                if !condition.wait(until: deadline) { break }
            }
            swap(&batch, &pending)
            condition.unlock()
            write(batch)
            batch.removeAll(keepingCapacity: true)
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
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
