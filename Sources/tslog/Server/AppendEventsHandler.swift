import EventLog
import SampleDomain

/// `POST /v1/events`: the lines `tslog append` takes (NDJSON or a JSON array), validated the
/// same way, appended all or nothing (`?skip_invalid=true`: the valid ones), durably.
///
/// - 201 when something was appended, 200 when every line was a duplicate (or there were none);
///   body `{"appended":a,"duplicates":d,"first_seq":f,"last_seq":l,"receipts":[…]}` with one
///   receipt `{"seq":S,"event_id":E,"duplicate":bool}` per line in order. A duplicate's seq is
///   where its event_id was first stored, forever. With `skip_invalid`, a refused line's receipt
///   is `{"seq":null,"event_id":null,"duplicate":false,"error":"…"}` and `problems` lists them.
/// - 409 when a line's `expect_last_seq` does not hold (whatever `skip_invalid` says):
///   `{"error":…,"conflicts":[{"line":n,"sample_id":s,"expected":e,"actual":a},…]}`.
/// - 422 for a refused batch: `{"error":…,"problems":[{"line":n,"field":f,"message":m},…]}`.
/// - 400 for a body that is not lines of JSON (a malformed array), nothing appended.
struct AppendEventsHandler {
    let appender: EventAppender
    let metrics: Metrics

    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        try request.checkParameters(["skip_invalid"])
        let skipInvalid: Bool
        switch request.parameter("skip_invalid") {
        case nil, "false": skipInvalid = false
        case "true": skipInvalid = true
        case let other?: throw HTTPProtocolError(status: 400, message: "skip_invalid must be true or false, got '\(RequestHeadParser.printable(other))'",
                                                     parameter: "skip_invalid")
        }
        var lines = try RequestLines.split(request.body)
        if let name = caller.name {
            let now = Timestamp.now()
            for i in lines.indices { lines[i].bytes = ActorDefault.apply(name, to: lines[i].bytes, now: now) }
        }
        // Answered once the group is durable, by the appender's committer (no worker waits for it),
        // or, for a lone client, by this worker writing the batch itself (see `EventAppender`).
        let batch = GroupBatch(lines: lines, skipInvalid: skipInvalid)
        let lineCount = lines.count
        return .later { [appender, metrics] answer in
            let started = Clock.now
            appender.submit(batch) { result in
                answer(AppendEventsHandler.response(to: result, lineCount: lineCount, skipInvalid: skipInvalid,
                                                    appender: appender, metrics: metrics, started: started))
            }
        }
    }

    /// Appends `lines`, waiting for the group, and renders the response (the webhook's way).
    static func append(_ lines: [(number: Int, bytes: [UInt8])], skipInvalid: Bool, appender: EventAppender,
                       metrics: Metrics) throws -> HTTPResponse {
        let started = Clock.now
        let receipt = try appender.append(GroupBatch(lines: lines, skipInvalid: skipInvalid))
        metrics.appendFinished(appended: receipt.appended, duplicates: receipt.duplicates, seconds: Clock.now - started)
        return response(to: receipt, lineCount: lines.count, skipInvalid: skipInvalid, appender: appender)
    }

    /// The answer to a batch queued at `started`: its receipts, or its error answered as the
    /// server answers a handler's error (an `HTTPProtocolError`'s status, else `HTTPResponse.failure`:
    /// 507 when storage ran out, else 500).
    static func response(to result: Result<BatchReceipt, Error>, lineCount: Int, skipInvalid: Bool,
                         appender: EventAppender, metrics: Metrics, started: Double) -> HTTPResponse {
        switch result {
        case .success(let receipt):
            metrics.appendFinished(appended: receipt.appended, duplicates: receipt.duplicates, seconds: Clock.now - started)
            return response(to: receipt, lineCount: lineCount, skipInvalid: skipInvalid, appender: appender)
        case .failure(let error as HTTPProtocolError):
            return .error(error.status, error.message)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// 201/200 with the receipts, 409 or 422, as the type's documentation says.
    static func response(to receipt: BatchReceipt, lineCount: Int, skipInvalid: Bool, appender: EventAppender) -> HTTPResponse {
        if !receipt.conflicts.isEmpty { return conflict(receipt.conflicts) }
        if !receipt.refused.isEmpty && !skipInvalid {
            let total = lineCount
            return refusal(receipt.refused, message: "nothing appended: \(receipt.refused.count) of \(total) line\(total == 1 ? "" : "s") refused")
        }
        var w = JSONWriter(capacity: 128 + 64 * receipt.receipts.count)
        w.beginObject()
        w.key("appended"); w.int(receipt.appended)
        w.key("duplicates"); w.int(receipt.duplicates)
        w.key("first_seq"); if let r = receipt.range { w.uint(r.lowerBound) } else { w.null() }
        w.key("last_seq"); if let r = receipt.range { w.uint(r.upperBound) } else { w.null() }
        w.key("receipts")
        w.beginArray()
        for (_, line) in receipt.receipts {
            w.beginObject()
            switch line {
            case .appended(let seq, let eventID):
                w.key("seq"); w.uint(seq)
                w.key("event_id"); w.string(eventID)
                w.key("duplicate"); w.bool(false)
            case .duplicate(let seq, let eventID):
                w.key("seq"); w.uint(seq)
                w.key("event_id"); w.string(eventID)
                w.key("duplicate"); w.bool(true)
            case .refused(let error):
                w.key("seq"); w.null()
                w.key("event_id"); w.null()
                w.key("duplicate"); w.bool(false)
                w.key("error"); w.string(error.description)
            }
            w.endObject()
        }
        w.endArray()
        if !receipt.refused.isEmpty {
            w.key("problems")
            writeProblems(receipt.refused, to: &w)
        }
        w.endObject()
        let last = appender.feed.lastSeq
        return .json(receipt.appended > 0 ? 201 : 200, w, headers: [("X-Tslog-Seq", String(last))])
    }

    /// 409 with every line whose precondition failed: the line, the sample, the seq it expected
    /// and the seq found. Nothing of the batch was appended.
    static func conflict(_ failures: [PreconditionFailure]) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        let n = failures.count
        w.key("error"); w.string("nothing appended: \(n) precondition\(n == 1 ? "" : "s") (expect_last_seq) failed")
        w.key("conflicts")
        w.beginArray()
        for f in failures {
            w.beginObject()
            w.key("line"); w.int(f.line)
            w.key("sample_id"); w.string(f.sampleID.description)
            w.key("expected"); w.uint(f.expected)
            w.key("actual"); w.uint(f.actual)
            w.key("message"); w.string(f.description)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return .json(409, w)
    }

    /// 422 with every refused line, in line order: `{"error":message,"problems":[{"line":n,
    /// "field":f,"message":m},…]}` — the one writer of this body, which the Supabase webhook
    /// answers too.
    static func refusal(_ errors: [InputError], message: String) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("error"); w.string(message)
        w.key("problems")
        writeProblems(errors, to: &w)
        w.endObject()
        return .json(422, w)
    }

    static func writeProblems(_ errors: [InputError], to w: inout JSONWriter) {
        w.beginArray()
        for e in errors.sorted(by: { $0.line < $1.line }) {
            w.beginObject()
            w.key("line"); w.int(e.line)
            w.key("field"); w.string(e.field)
            w.key("message"); w.string(e.message)
            w.endObject()
        }
        w.endArray()
    }
}
