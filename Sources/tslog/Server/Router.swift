/// Who may call a route.
enum Access: Sendable {
    /// Anyone (only `/healthz`).
    case open
    /// A read or write token.
    case read
    /// A write token.
    case write
}

/// The authenticated caller of a request.
struct Caller: Sendable {
    /// The token's NAME; nil on an open route called without a token.
    var name: String?
    var role: TokenFile.Role?
}

/// What a handler answers: a whole response; a response given later, from another thread
/// (an append, answered by the committer once durable); or a stream that takes over the
/// connection (the event stream), which the connection closes when the stream ends.
enum Reply {
    case response(HTTPResponse)
    /// `start` is called once, by the connection, with the function that sends the response;
    /// that function must be called exactly once, from any thread, and must not wait for long.
    case later(_ start: (_ answer: @escaping (HTTPResponse) -> Void) -> Void)
    case stream(status: Int, headers: [(name: String, value: String)], body: (StreamSink) -> Void)
}

/// Where a streaming handler writes; false from `write` means the client is gone.
protocol StreamSink {
    func write(_ bytes: [UInt8]) -> Bool
}

/// One route: a method and an exact path.
struct Route {
    var method: String
    var path: String
    var access: Access
    /// Whether the handler may wait for long (for a commit, say), so that the server runs it
    /// as a blocking section of its pool; false for one that answers later instead (an append).
    var mayBlock = true
    var handle: (HTTPRequest, Caller) throws -> Reply
}

/// Finds the route of a request. Paths match byte for byte — no decoding, no normalisation, no
/// prefix — so no request path ever names a file. A route may also be a prefix-free pattern
/// given by `dynamic` (the read endpoints' `/v1/samples/ID/history`).
struct Router {
    var routes: [Route] = []
    /// Consulted when no exact route matches: returns the access a path needs and its handler,
    /// or nil.
    var dynamic: ((_ method: String, _ path: String) -> (Access, (HTTPRequest, Caller) throws -> Reply)?)?

    enum Match {
        case found(Access, (HTTPRequest, Caller) throws -> Reply)
        case wrongMethod(allowed: [String])
        case notFound
    }

    /// Whether the route of `method` and `path` may wait for long (see `Route.mayBlock`); true
    /// for any route but an exact one that says otherwise.
    func mayBlock(method: String, path: String) -> Bool {
        routes.first { $0.path == path && $0.method == method }?.mayBlock ?? true
    }

    func match(method: String, path: String) -> Match {
        let onPath = routes.filter { $0.path == path }
        if let route = onPath.first(where: { $0.method == method }) { return .found(route.access, route.handle) }
        if !onPath.isEmpty { return .wrongMethod(allowed: onPath.map(\.method)) }
        if let (access, handle) = dynamic?(method, path) { return .found(access, handle) }
        return .notFound
    }
}
