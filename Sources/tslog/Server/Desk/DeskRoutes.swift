import EventLog
import Foundation
import Projections
import SampleDomain

/// The audit desk: `tslog serve`'s pages for people, at `/`.
///
/// The desk's routes are open to the router (no bearer token) and check the session cookie
/// themselves: without a session, `/` is the sign-in page and every other desk path is 401.
/// Every page carries a strict Content-Security-Policy (no inline script, images only from the
/// server and https hosts, no framing); its script and style are fixed paths served from
/// strings in the binary. A write needs a session whose token is a write token AND a request
/// from the desk's own origin (`Origin` / `Sec-Fetch-Site`): a cross-site POST is 403.
struct DeskRoutes {
    let sessions: DeskSessions
    let tokens: TokenFile
    let api: DeskAPI
    let actions: DeskActions
    let stream: EventStreamHandler

    init(tokens: TokenFile, sessions: DeskSessions, live: LiveState, appender: EventAppender, logDirectory: String,
         heartbeat: Double) {
        self.tokens = tokens
        self.sessions = sessions
        api = DeskAPI(live: live, logDirectory: logDirectory, blobs: BlobStore(logDirectory: logDirectory), appender: appender)
        actions = DeskActions(appender: appender, live: live, sessions: sessions, api: api)
        stream = EventStreamHandler(logDirectory: logDirectory, feed: appender.feed, heartbeat: heartbeat)
    }

    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' https:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    /// The headers every desk response carries.
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    /// Adds the desk's routes to `router`, keeping its other routes and its dynamic ones.
    func install(into router: inout Router) {
        func page(_ path: String, _ handle: @escaping (HTTPRequest) throws -> HTTPResponse) -> Route {
            Route(method: "GET", path: path, access: .open) { request, _ in .response(secured(try handle(request))) }
        }
        func post(_ path: String, _ handle: @escaping (HTTPRequest) throws -> HTTPResponse) -> Route {
            Route(method: "POST", path: path, access: .open) { request, _ in
                guard DeskRoutes.sameOrigin(request) else {
                    return .response(secured(.error(403, "cross-origin request refused: the desk accepts writes only from its own pages")))
                }
                return .response(secured(try handle(request)))
            }
        }
        router.routes += [
            page("/") { request in
                sessions.sessionID(of: request) == nil ? Self.html(DeskAssets.signInPage(error: nil)) : Self.html(DeskAssets.queuePage)
            },
            page("/signin") { request in
                if let code = request.parameter("once") {
                    guard let entry = sessions.consumeOnceCode(code) else {
                        return Self.html(DeskAssets.signInPage(error: "That sign-in link was already used, has expired or is unknown. Sign in with a token."), status: 401)
                    }
                    return signedIn(entry)
                }
                return Self.html(DeskAssets.signInPage(error: nil))
            },
            post("/signin") { request in
                let form = QueryString.parse(Substring(String(decoding: request.body, as: UTF8.self))) ?? []
                guard let token = form.last(where: { $0.name == "token" })?.value,
                      let entry = tokens.entry(presented: Array(token.utf8)) else {
                    return Self.html(DeskAssets.signInPage(error: "Unknown token."), status: 401)
                }
                return signedIn(entry)
            },
            post("/signout") { request in
                if let id = sessions.sessionID(of: request) { sessions.close(id) }
                return HTTPResponse(status: 303, headers: [
                    ("Location", "/"),
                    ("Set-Cookie", "\(DeskSessions.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
                ])
            },
            page("/desk/app.js") { _ in HTTPResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: Array(DeskAssets.script.utf8)) },
            page("/desk/app.css") { _ in HTTPResponse(status: 200, contentType: "text/css; charset=utf-8", body: Array(DeskAssets.style.utf8)) },
            page("/desk/sample") { request in
                sessions.sessionID(of: request) == nil ? Self.html(DeskAssets.signInPage(error: nil), status: 401) : Self.html(DeskAssets.samplePage)
            },
            page("/desk/api/samples") { request in try reading(request) { try api.samples(request) } },
            page("/desk/api/sample") { request in try reading(request) { try api.sample(request) } },
            page("/desk/api/me") { request in
                try reading(request) {
                    guard let id = sessions.sessionID(of: request), let s = sessions.session(id) else { return .error(401, "sign in first") }
                    var w = JSONWriter()
                    w.beginObject(); w.key("name"); w.string(s.name); w.key("role"); w.string(s.role.rawValue); w.endObject()
                    return .json(200, w)
                }
            },
            post("/desk/api/relabel") { request in try writing(request) { id, name in try actions.relabel(request, session: id, name: name) } },
            post("/desk/api/delete") { request in try writing(request) { id, name in try actions.delete(request, session: id, name: name) } },
            post("/desk/api/undo") { request in try writing(request) { id, name in try actions.undo(request, session: id, name: name) } },
            Route(method: "GET", path: "/desk/api/stream", access: .open) { [sessions, stream] request, _ in
                guard let id = sessions.sessionID(of: request), let s = sessions.session(id) else {
                    return .response(secured(.error(401, "sign in first")))
                }
                // Ends at the next event or heartbeat after the session signs out or expires
                // (the browser's reconnect is then 401). Holding the stream open is not a use.
                return try stream.handle(request, Caller(name: s.name, role: s.role), allowed: { sessions.isLive(id) })
            },
        ]
        let inner = router.dynamic
        router.dynamic = { [sessions, api] method, path in
            if method == "GET", path.hasPrefix("/images/") {
                let sha = String(path.dropFirst("/images/".count))
                return (.open, { request, _ in
                    guard sessions.sessionID(of: request) != nil else { return .response(secured(.error(401, "sign in first"))) }
                    guard let blob = DeskImages.blob(sha, blobs: api.blobs) else { return .response(secured(.error(404, "no stored image \(RequestHeadParser.printable(sha))"))) }
                    var response = HTTPResponse(status: 200, contentType: blob.contentType, body: blob.bytes)
                    response.headers += [("Cache-Control", "private, max-age=31536000, immutable"), ("X-Content-Type-Options", "nosniff"),
                                         ("Content-Security-Policy", "default-src 'none'")]
                    return .response(response)
                })
            }
            return inner?(method, path)
        }
    }

    /// Sets the session cookie for `entry` and sends the browser to `/` (no secret stays in the URL).
    private func signedIn(_ entry: TokenFile.Entry) -> HTTPResponse {
        let id = sessions.open(entry)
        return HTTPResponse(status: 303, headers: [
            ("Location", "/"),
            ("Set-Cookie", DeskSessions.cookie(id)),
        ])
    }

    private func reading(_ request: HTTPRequest, _ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        guard sessions.sessionID(of: request) != nil else { return .error(401, "sign in first") }
        return try body()
    }

    private func writing(_ request: HTTPRequest, _ body: (String, String) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let id = sessions.sessionID(of: request), let s = sessions.session(id) else { return .error(401, "sign in first") }
        guard s.role == .write else { return .error(403, "'\(s.name)' signed in with a read token: it may look, not change") }
        return try body(id, s.name)
    }

    private func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        for header in DeskRoutes.securityHeaders where !response.headers.contains(where: { $0.name == header.name }) {
            response.headers.append(header)
        }
        return response
    }

    static func html(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    /// Whether a state-changing request comes from the desk's own pages: a browser's
    /// `Sec-Fetch-Site` (which a page cannot forge) must be `same-origin`; without it, `Origin` must
    /// be present and name this server's `Host`. Anything else (no header at all) is refused.
    static func sameOrigin(_ request: HTTPRequest) -> Bool {
        if let site = request.header("sec-fetch-site") {
            guard site == "same-origin" else { return false }
            if let origin = request.header("origin"), origin != "null", let host = request.header("host") {
                return origin == "http://" + host || origin == "https://" + host
            }
            return true
        }
        guard let origin = request.header("origin"), let host = request.header("host") else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
