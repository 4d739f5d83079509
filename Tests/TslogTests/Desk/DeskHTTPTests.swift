import Foundation
import TestSupport
import Testing

/// The desk's sign-in, sessions and refusals over plain HTTP against the built server: these run
/// wherever the tests run, with or without a browser.
struct DeskHTTPTests {
    @Test func signInSessionsAndRefusals() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--samples", "60", "--log", log]).status == 0)
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let host = "127.0.0.1:\(server.port)"
        let origin = "Origin: http://127.0.0.1"  // the test client sends `Host: 127.0.0.1`

        // Without a session: the sign-in page, with the strict policy; the API is 401.
        let page = try server.request("GET", "/", token: nil)
        #expect(page.status == 200 && page.text.contains(#"<label for="token">Token</label>"#))
        #expect(page.text.contains(#"type="password""#) && !page.text.contains("<script>"))
        let csp = page.headers["content-security-policy"] ?? ""
        #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"))
        #expect(try server.request("GET", "/desk/api/samples", token: nil).status == 401)
        #expect(try server.request("GET", "/images/" + String(repeating: "a", count: 64), token: nil).status == 401)
        // A bearer token is not a session.
        #expect(try server.request("GET", "/desk/api/samples").status == 401)

        // Sign-in: a wrong token is 401; a right one sets an HttpOnly, SameSite=Strict cookie
        // holding a random id, not the token, and sends the browser to /.
        #expect(try server.request("POST", "/signin", token: nil, body: "token=nope-nope-nope-nope",
                                   headers: [origin, "Content-Type: application/x-www-form-urlencoded"]).status == 401)
        func signIn(_ token: String) throws -> String {
            let r = try server.request("POST", "/signin", token: nil, body: "token=\(token)",
                                       headers: [origin, "Content-Type: application/x-www-form-urlencoded"])
            #expect(r.status == 303 && r.headers["location"] == "/")
            let cookie = r.headers["set-cookie"] ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains(token))
            let value = cookie.split(separator: ";")[0]
            #expect(value.hasPrefix("tslog_session=") && value.count == "tslog_session=".count + 64)
            return String(value)
        }
        let writer = "Cookie: " + (try signIn(ServerProcess.writeToken))
        let reader = "Cookie: " + (try signIn(ServerProcess.readToken))
        // A sign-in from another site is refused.
        #expect(try server.request("POST", "/signin", token: nil, body: "token=\(ServerProcess.writeToken)",
                                   headers: ["Origin: http://evil.example"]).status == 403)

        let list = try server.request("GET", "/desk/api/samples?status=all&limit=2", token: nil, headers: [writer])
        #expect(list.status == 200 && (list.json["samples"] as? [Any])?.count == 2)
        let first = try #require(((list.json["samples"] as? [[String: Any]])?.first?["id"]) as? String)
        // What the reviewer saw: the card's last_seq, sent back as the precondition.
        let seen = try #require(((list.json["samples"] as? [[String: Any]])?.first?["last_seq"]) as? Int)
        let me = try server.request("GET", "/desk/api/me", token: nil, headers: [reader])
        #expect(me.json["name"] as? String == "dashboard" && me.json["role"] as? String == "read")

        // Writes: cross-site or header-less POSTs are 403 whatever the cookie; a read session is 403;
        // the actor is the session's name even when the body names another.
        let body = #"{"sample_id":"\#(first)","expect_last_seq":\#(seen),"label":"near_mint","actor":"mallory"}"#
        let json = "Content-Type: application/json"
        #expect(try server.request("POST", "/desk/api/relabel", token: nil, body: body, headers: [writer, json]).status == 403)
        #expect(try server.request("POST", "/desk/api/relabel", token: nil, body: body,
                                   headers: [writer, json, "Origin: http://evil.example"]).status == 403)
        #expect(try server.request("POST", "/desk/api/relabel", token: nil, body: body,
                                   headers: [writer, json, origin, "Sec-Fetch-Site: cross-site"]).status == 403)
        #expect(try server.request("POST", "/desk/api/relabel", token: nil, body: body, headers: [reader, json, origin]).status == 403)
        let done = try server.request("POST", "/desk/api/relabel", token: nil, body: body, headers: [writer, json, origin])
        #expect(done.status == 201)
        let history = try tool.run(["history", first, "--format", "json", "--log", log])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout)) as? [[String: Any]])
        let data = entries.last?["data"] as? [String: Any]
        let actor = data?["actor"] as? String
        #expect(actor == "app")
        // The same expect_last_seq again: the sample changed after it, so 409 and nothing appended.
        let again = try server.request("POST", "/desk/api/relabel", token: nil, body: body.replacingOccurrences(of: "near_mint", with: "mint"),
                                       headers: [writer, json, origin])
        #expect(again.status == 409 && again.json["conflict"] as? Bool == true)
        let after = try tool.run(["history", first, "--format", "json", "--log", log])
        #expect(after.stdout == history.stdout)

        // Sign out ends the session; the one-time link printed at start works once.
        #expect(try server.request("POST", "/signout", token: nil, headers: [writer, origin]).status == 303)
        #expect(try server.request("GET", "/desk/api/samples", token: nil, headers: [writer]).status == 401)
        let printed = (try? String(contentsOfFile: server.stdoutPath, encoding: .utf8)) ?? ""
        let range = try #require(printed.range(of: #"/signin\?once=[0-9a-f]{64}"#, options: .regularExpression))
        let once = String(printed[range])
        #expect(printed.contains("http://\(host)\(once)"))
        let used = try server.request("GET", once, token: nil)
        #expect(used.status == 303 && used.headers["set-cookie"]?.contains("HttpOnly") == true)
        #expect(try server.request("GET", once, token: nil).status == 401)
    }
}
