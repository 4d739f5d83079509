import EventLog

/// `GET /v1/events/stream?from_seq=N`: Server-Sent Events, one per stored record —
/// `id: SEQ`, `event: TYPE`, `data: STORED-LINE` — then, as they are committed, every new one.
///
/// Where it starts: after the `Last-Event-ID` header's seq when the client resumes; else at
/// `from_seq`; else after the last record (new events only). `type` and `sample_id` filter as in
/// `GET /v1/events`. A stream that sent nothing for `heartbeat` seconds (no new records, or only
/// ones the filters leave out) gets a comment line (`: heartbeat`), which also finds clients
/// that went away. The stream ends when the server stops, or when `allowed` (the desk's: its
/// session is still signed in) says no: that is asked before each batch of new records and each
/// heartbeat, so nothing is sent after it turns false.
struct EventStreamHandler {
    let logDirectory: String
    let feed: CommitFeed
    let heartbeat: Double

    /// `/v1/events/stream`: a bearer token is checked once, per request, and stays valid while
    /// the server runs, so nothing ends the stream but the client or the server.
    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        try handle(request, caller, allowed: { true })
    }

    /// A stream that `allowed` may end: it is asked whenever the stream is about to send
    /// (records or a heartbeat), and false closes the connection.
    func handle(_ request: HTTPRequest, _ caller: Caller, allowed: @escaping @Sendable () -> Bool) throws -> Reply {
        var filter = try ReadEventsHandler.Filter(request, parameters: ["from_seq", "type", "sample_id"])
        let explicitStart = request.parameter("from_seq") != nil
        var next: UInt64
        if let resume = request.header("last-event-id") {
            // The largest seq has no next one: resuming after it would overflow (a crash).
            guard let seq = UInt64(resume.trimmingCharacters(in: .whitespaces)), seq < UInt64.max else {
                throw HTTPProtocolError(status: 400, message: "Last-Event-ID must be a seq, got '\(RequestHeadParser.printable(resume))'")
            }
            next = seq + 1
        } else if explicitStart {
            next = filter.fromSeq
        } else {
            next = feed.lastSeq + 1
        }
        filter.limit = Int.max
        let headers = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store"), ("X-Accel-Buffering", "no")]
        return .stream(status: 200, headers: headers) { sink in
            stream(from: next, filter: filter, to: sink, allowed: allowed)
        }
    }

    /// Sends `start` and every record after it that `filter` selects, as they are committed,
    /// until the client is gone or the server stops. A heartbeat goes out whenever nothing was
    /// sent for `heartbeat` seconds — also while records the filter leaves out keep arriving:
    /// for the client (and a proxy's idle timeout) the stream is idle then too, and a client
    /// that went away is found only by a write.
    private func stream(from start: UInt64, filter: ReadEventsHandler.Filter, to sink: StreamSink,
                        allowed: () -> Bool) {
        var next = start
        // Tell the client how long to wait before reconnecting.
        guard sink.write(Array("retry: 1000\n\n".utf8)) else { return }
        var quietSince = Clock.now
        while true {
            // Each pass follows a wake-up (a commit or the heartbeat's time): ask before sending.
            guard allowed() else { return }
            let committed = feed.lastSeq
            if next <= committed {
                guard let sent = send(from: next, through: committed, filter: filter, to: sink) else { return }
                if sent.wrote { quietSince = Clock.now }
                if sent.next > next {
                    next = sent.next
                    continue
                }
            }
            if Clock.now - quietSince >= heartbeat {
                guard sink.write(Array(": heartbeat\n\n".utf8)) else { return }
                quietSince = Clock.now
            }
            let (_, stopped) = feed.wait(after: max(next - 1, committed), timeout: max(0, heartbeat - (Clock.now - quietSince)))
            if stopped { return }
        }
    }

    /// Sends the records `from...through` that `filter` selects; returns the next seq to send and
    /// whether anything was written, nil when the client is gone or the log cannot be read.
    private func send(from: UInt64, through: UInt64, filter: ReadEventsHandler.Filter,
                      to sink: StreamSink) -> (next: UInt64, wrote: Bool)? {
        var next = from
        var chunk: [UInt8] = []
        var gone = false
        var wrote = false
        do {
            let reader = try LogReader(directory: logDirectory)
            try reader.scan(from: from, through: through) { view in
                next = view.seq + 1
                guard filter.matches(view) else { return }
                chunk += "id: \(view.seq)\nevent: ".utf8
                chunk += view.type
                chunk += "\ndata: ".utf8
                chunk += view.line
                chunk += "\n\n".utf8
                if chunk.count >= 64 << 10 {
                    if !sink.write(chunk) { gone = true; throw ReadEventsHandler.EnoughRecords() }
                    wrote = true
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            return nil
        }
        if gone || (!chunk.isEmpty && !sink.write(chunk)) { return nil }
        return (next, wrote || !chunk.isEmpty)
    }
}
