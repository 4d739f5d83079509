import Foundation
import TestSupport
import Testing

/// The desk's relabel and delete refuse a body whose label or reason is not text, or is only
/// blanks, by name and with nothing appended: `"label": 5` is not a missing label, and a label
/// of spaces is no label a reviewer meant.
struct DeskActionBodyTests {
    @Test func aLabelOrReasonThatIsNotTextOrIsBlankIsRefusedByName() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--samples", "20", "--log", log]).status == 0)
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        let list = try server.deskGet("samples?status=all&limit=1", cookie: cookie)
        let card = try #require((list.json["samples"] as? [[String: Any]])?.first)
        let id = try #require(card["id"] as? String), seen = try #require(card["last_seq"] as? Int)
        let head = #""sample_id":"\#(id)","expect_last_seq":\#(seen)"#

        let before = try storedRecords(log).count
        let cases: [(route: String, body: String, says: String)] = [
            ("relabel", #"{\#(head),"label":5}"#, "label must be a string"),
            ("relabel", #"{\#(head),"label":["mint"]}"#, "label must be a string"),
            ("relabel", #"{\#(head),"label":" \t\n "}"#, "label must not be empty or blank"),
            ("relabel", #"{\#(head),"label":"mint","reason":{"why":"x"}}"#, "reason must be a string"),
            ("delete", #"{\#(head),"reason":7}"#, "reason must be a string"),
            ("delete", #"{\#(head),"reason":"\n"}"#, "a deletion needs a reason"),
        ]
        for c in cases {
            let answer = try server.deskPost(c.route, c.body, cookie: cookie)
            #expect(answer.status == 400, "\(c.body): \(answer.text)")
            #expect((answer.json["error"] as? String)?.contains(c.says) == true, "\(c.body): \(answer.text)")
        }
        #expect(try storedRecords(log).count == before)

        // The same card with a real label goes through: the refusals changed nothing it saw.
        let fine = try server.deskPost("relabel", #"{\#(head),"label":"mint"}"#, cookie: cookie)
        #expect(fine.status == 201, "\(fine.text)")
    }
}
