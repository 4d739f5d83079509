import EventLog
import Foundation

extension Scenarios {
    /// What one concurrent-append run measured.
    struct ConcurrentResult {
        var appends: Int
        var seconds: Double
        /// Write groups (fsyncs of the segment) the appends used; equal to `appends` without
        /// group commit.
        var groups: Int
        var perSecond: Double { Double(appends) / seconds }
    }

    /// `threads` threads each make `perThread` durable appends of one event (one ~400-byte
    /// record), either through one `GroupCommitWriter` (`grouped`) or through one plain
    /// `LogWriter` behind a lock (one fsync per append). Wall time from the start signal until
    /// the last thread is done.
    static func concurrentAppends(threads: Int, perThread: Int, grouped: Bool, directory: String) throws -> ConcurrentResult {
        try? FileManager.default.removeItem(atPath: directory)
        let options = LogOptions(durable: true)
        let sink: AppendSink = grouped ? .grouped(try GroupCommitWriter(directory: directory, options: options))
                                       : .plain(PlainLockedWriter(try LogWriter.open(directory: directory, options: options)))
        defer { try? sink.close() }
        let failure = FailureBox()
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for t in 0..<threads {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                start.wait()
                for i in 0..<perThread {
                    let record = NewRecord(type: "bench.append", eventID: "t\(t)-\(i)", payload: concurrentPayload(t, i))
                    do { _ = try sink.append([record]) } catch { failure.set(error); return }
                }
            }
            thread.start()
        }
        let began = Measure.now()
        for _ in 0..<threads { start.signal() }
        done.wait()
        let seconds = Measure.now() - began
        if let error = failure.error { throw error }
        return ConcurrentResult(appends: threads * perThread, seconds: seconds, groups: sink.groups(threads * perThread))
    }

    /// A payload the size of a typical stored `sample.submitted` (~400 bytes).
    static func concurrentPayload(_ thread: Int, _ index: Int) -> [UInt8] {
        let filler = String(repeating: "x", count: 320)
        return Array(#"{"thread":\#(thread),"index":\#(index),"text":"\#(filler)"}"#.utf8)
    }
}

/// The writer a concurrent-append run goes through.
enum AppendSink: @unchecked Sendable {
    case grouped(GroupCommitWriter)
    case plain(PlainLockedWriter)

    func append(_ records: [NewRecord]) throws -> AppendResult? {
        switch self {
        case .grouped(let w): try w.append(records)
        case .plain(let w): try w.append(records)
        }
    }

    func groups(_ appends: Int) -> Int {
        switch self {
        case .grouped(let w): w.groupsWritten
        case .plain: appends
        }
    }

    func close() throws {
        switch self {
        case .grouped(let w): try w.close()
        case .plain(let w): try w.close()
        }
    }
}

/// A plain `LogWriter` shared by threads the simple way: one lock, one fsync per append.
final class PlainLockedWriter: @unchecked Sendable {
    // @unchecked: `writer` is used only with `lock` held.
    private let writer: LogWriter
    private let lock = NSLock()
    init(_ writer: LogWriter) { self.writer = writer }
    func append(_ records: [NewRecord]) throws -> AppendResult? {
        lock.lock(); defer { lock.unlock() }
        return try writer.append(records)
    }
    func close() throws {
        lock.lock(); defer { lock.unlock() }
        try writer.close()
    }
}

/// The first error any thread met.
final class FailureBox: @unchecked Sendable {
    // @unchecked: `stored` is touched only with `lock` held.
    private let lock = NSLock()
    private var stored: Error?
    func set(_ error: Error) { lock.lock(); if stored == nil { stored = error }; lock.unlock() }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
}
