import Foundation
import TestSupport
import Testing

/// Desk sessions and the printed one-time link end on their own, through the built server:
/// `--session-idle S` seconds unused ends a session (401 on the API, the sign-in page on the
/// pages, as an unknown session); each request in it starts the idle time over; the cookie says
/// how long a session can live at most; the printed link expires unopened after the same idle
/// time. Before, a session and the link worked until the server stopped.
struct DeskSessionExpiryTests {
    /// The one-time sign-in path the server printed at start.
    static func printedOnceLink(_ server: ServerProcess) throws -> String {
        let printed = (try? String(contentsOfFile: server.stdoutPath, encoding: .utf8)) ?? ""
        let range = try #require(printed.range(of: #"/signin\?once=[0-9a-f]{64}"#, options: .regularExpression))
        return String(printed[range])
    }

    @Test func anIdleSessionAndAnUnopenedLinkExpire() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let server = try ServerProcess(directory: dir.path, arguments: ["--session-idle", "1"])
        defer { _ = try? server.stop() }
        let once = try Self.printedOnceLink(server)

        let signIn = try server.request("POST", "/signin", token: nil, body: "token=\(ServerProcess.writeToken)",
                                        headers: [ServerProcess.deskOrigin, "Content-Type: application/x-www-form-urlencoded"])
        let setCookie = signIn.headers["set-cookie"] ?? ""
        #expect(signIn.status == 303 && setCookie.contains("; Max-Age=604800"), "\(setCookie)")
        let cookie = "Cookie: " + String(setCookie.split(separator: ";")[0])
        #expect(try server.deskGet("me", cookie: cookie).status == 200, "used within the second")

        Thread.sleep(forTimeInterval: 1.6)
        for _ in 0..<2 {  // refused, and stays refused
            #expect(try server.deskGet("me", cookie: cookie).status == 401)
            let home = try server.request("GET", "/", token: nil, headers: [cookie])
            #expect(home.status == 200 && home.text.contains(#"<label for="token">Token</label>"#), "the sign-in page, not the queue")
            let page = try server.request("GET", "/desk/sample?id=x", token: nil, headers: [cookie])
            #expect(page.status == 401 && page.text.contains(#"<label for="token">Token</label>"#))
        }
        #expect(try server.deskPost("undo", "{}", cookie: cookie).status == 401)

        // The printed link, unopened for longer than a session may idle, is refused like an
        // unknown one.
        let expired = try server.request("GET", once, token: nil)
        #expect(expired.status == 401 && expired.headers["set-cookie"] == nil && expired.text.contains("expired"), "\(expired.text)")
        let unknown = try server.request("GET", "/signin?once=" + String(repeating: "0", count: 64), token: nil)
        #expect(unknown.status == 401 && unknown.headers["set-cookie"] == nil)
        // Signing in again works.
        #expect(try server.deskGet("me", cookie: try server.deskCookie()).status == 200)
    }

    @Test func usingASessionStartsItsIdleTimeOver() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let server = try ServerProcess(directory: dir.path, arguments: ["--session-idle", "2"])
        defer { _ = try? server.stop() }

        // The printed link, opened within its time, signs in once.
        let once = try Self.printedOnceLink(server)
        let opened = try server.request("GET", once, token: nil)
        let setCookie = opened.headers["set-cookie"] ?? ""
        #expect(opened.status == 303 && setCookie.contains("; Max-Age=604800"), "\(setCookie)")
        #expect(try server.request("GET", once, token: nil).status == 401)
        let cookie = "Cookie: " + String(setCookie.split(separator: ";")[0])

        // Used every half second for twice the idle time: it keeps working.
        for step in 0..<8 {
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try server.deskGet("me", cookie: cookie).status == 200, "use \(step)")
        }
        Thread.sleep(forTimeInterval: 2.6)
        #expect(try server.deskGet("me", cookie: cookie).status == 401)
    }

    @Test(arguments: ["0", "-1", "abc", "1e9", "604801", "inf", "nan"])
    func aBadIdleTimeIsAUsageErrorNamingTheOption(value: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let r = try BinaryRunner.locate().run(["serve", "--log", dir.path + "/log", "--listen", "127.0.0.1:0", "--session-idle", value])
        #expect(r.status == 64, "\(r.stderrText)")
        #expect(r.stderrText.hasPrefix("Error: --session-idle must be a number of seconds above 0 and at most 604800, got '\(value)'\n"),
                "\(r.stderrText)")
        #expect(r.stdout.isEmpty)
    }

    @Test func helpShowsTheIdleOption() throws {
        let r = try BinaryRunner.locate().run(["serve", "--help"])
        #expect(r.status == 0 && r.stdoutText.contains("--session-idle S") && r.stdoutText.contains("28800"), "\(r.stdoutText)")
    }
}
