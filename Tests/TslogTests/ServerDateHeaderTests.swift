import Foundation
import Testing
@testable import tslog

/// RFC 9110 6.6.1: an origin server with a clock MUST send `Date`, an IMF-fixdate, in its 2xx,
/// 3xx and 4xx responses. The server sent none.
@Suite("tslog serve: the Date header")
struct ServerDateHeaderTests {
    /// `value` read as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), or nil.
    static func parseIMFFixdate(_ value: String) -> Date? {
        guard value.utf8.count == 29 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: value)
    }

    @Test func everyStatusCarriesANowDate() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--read-timeout", "1"])
        let ok = try server.request("GET", "/v1/status", token: ServerProcess.readToken)
        let seq = try #require(ok.headers["x-tslog-seq"])
        let answers: [(String, Int, HTTPResult)] = [
            ("healthz", 200, try server.request("GET", "/healthz", token: nil)),
            ("status", 200, ok),
            ("no token", 401, try server.request("GET", "/v1/status", token: nil)),
            ("unknown path", 404, try server.request("GET", "/nowhere")),
            ("unchanged", 304, try server.request("GET", "/v1/query/overall", headers: ["If-None-Match: W/\"\(seq)\""])),
            ("no Host", 400, try ServerHostHeaderTests.exchange("GET /healthz HTTP/1.1\r\n\r\n", port: server.port).response
                ?? HTTPResult(status: 0, headers: [:], body: [])),
            ("timed out", 408, try ServerHostHeaderTests.exchange("GET /healthz HTTP/1.1\r\nHost: t\r\n", port: server.port).response
                ?? HTTPResult(status: 0, headers: [:], body: [])),
        ]
        for (name, status, answer) in answers {
            #expect(answer.status == status, "\(name): \(answer.status) \(answer.text)")
            let value = answer.headers["date"] ?? ""
            let date = try #require(Self.parseIMFFixdate(value), "\(name): Date '\(value)' is not an IMF-fixdate")
            #expect(abs(date.timeIntervalSinceNow) < 5, "\(name): Date '\(value)' is not now")
        }
        // An event stream's head has one too.
        let stream = try ServerHeadAndAllowTests.exchange(
            server.port, "HEAD /v1/events/stream HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
        let streamDate = stream.components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }.map { String($0.dropFirst(6)) } ?? ""
        #expect(stream.hasPrefix("HTTP/1.1 200 ") && Self.parseIMFFixdate(streamDate) != nil, "\(stream)")
        #expect(try server.stop() == 0)
    }

    @Test func theFormatterWritesRFC9110sExample() {
        #expect(IMFFixdate.string(epochSecond: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(IMFFixdate.string(epochSecond: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(IMFFixdate.string(epochSecond: 951_825_600) == "Tue, 29 Feb 2000 12:00:00 GMT")
        #expect(IMFFixdate.string(epochSecond: 4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
    }
}
