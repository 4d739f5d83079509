import EventLog

/// Serves the read endpoints (`ReadRoutes`, in `Reads/`) through the server: routes every
/// `/v1/…` path that is not one of the server's own to them, and adds the seq a body reflects as
/// `X-Tslog-Seq` and a weak `ETag`; a request whose `If-None-Match` names that ETag (or is `*`)
/// gets 304 (`IfNoneMatch`).
///
/// Answers of the routes whose body depends only on the target and the log are kept per seq
/// (`RenderedBodies`): a repeated read between two commits sends the bytes rendered before.
struct ReadRoutesAdapter {
    let routes: ReadRoutes
    let rendered = RenderedBodies()

    /// The access a read path needs (`POST /v1/tags` writes) and its handler; nil for a path
    /// outside `/v1/`.
    func route(method: String, path: String) -> (Access, (HTTPRequest, Caller) throws -> Reply)? {
        guard path.hasPrefix("/v1/") else { return nil }
        let access: Access = method == "POST" && path == "/v1/tags" ? .write : .read
        return (access, handle)
    }

    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        let read = ReadRequest(method: request.method, path: request.path, query: request.query.map { ($0.name, $0.value) },
                               body: request.body, actor: caller.name)
        let respond = { routes.respond(to: read) }
        let reply = RenderedBodies.cacheable(method: request.method, path: request.path)
            ? rendered.answer(target: request.target, liveSeq: { routes.live.seq }, render: respond)
            : respond()
        guard let answer = reply else {
            return .response(.error(404, "no such endpoint: \(request.method) \(RequestHeadParser.printable(request.path))"))
        }
        let etag = "W/\"\(answer.seq)\""
        var headers = [("X-Tslog-Seq", String(answer.seq)), ("ETag", etag)]
        if let allow = answer.allow { headers.append(("Allow", allow)) }
        if let retryAfter = answer.retryAfter { headers.append(("Retry-After", retryAfter)) }
        let ifNoneMatch = request.headers.filter { HTTPText.equalsLowercased($0.name, "if-none-match") }.map(\.value)
        if answer.status == 200, IfNoneMatch.matches(ifNoneMatch, etag: etag) {
            return .response(HTTPResponse(status: 304, headers: headers))
        }
        return .response(HTTPResponse(status: answer.status, contentType: answer.contentType, body: answer.body, headers: headers))
    }
}
