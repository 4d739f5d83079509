import Foundation

/// The desk as its page talks to it, for the tests that drive the desk's API of a running
/// `tslog serve`: sign in with the server's write token (the form the sign-in page posts), then
/// send the session's cookie, and on writes the `Origin` and JSON `Content-Type` the page sends.
extension ServerProcess {
    static let deskOrigin = "Origin: http://127.0.0.1"

    /// Signs in as the write token's name; returns the `Cookie: tslog_session=…` header line.
    func deskCookie() throws -> String {
        let signIn = try request("POST", "/signin", token: nil, body: "token=\(ServerProcess.writeToken)",
                                 headers: [ServerProcess.deskOrigin, "Content-Type: application/x-www-form-urlencoded"])
        return "Cookie: " + String((signIn.headers["set-cookie"] ?? "").split(separator: ";")[0])
    }

    /// `GET /desk/api/PATH_AND_QUERY` in the session `cookie`.
    func deskGet(_ pathAndQuery: String, cookie: String) throws -> HTTPResult {
        try request("GET", "/desk/api/\(pathAndQuery)", token: nil, headers: [cookie])
    }

    /// `POST /desk/api/ROUTE` with the JSON `body`, in the session `cookie`.
    func deskPost(_ route: String, _ body: String, cookie: String) throws -> HTTPResult {
        try request("POST", "/desk/api/\(route)", token: nil, body: body,
                    headers: [cookie, "Content-Type: application/json", ServerProcess.deskOrigin])
    }
}
