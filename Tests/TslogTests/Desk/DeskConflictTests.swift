import Foundation
import TestSupport
import Testing

/// The desk's actions go through the writer's precondition: each card carries `last_seq`, an
/// action sends it as `expect_last_seq`, and a change by anyone else in between (here the app,
/// through `POST /v1/events`) makes the action a 409 that shows the sample as it is now and
/// appends nothing.
struct DeskConflictTests {
    @Test func anActionOnAStaleCardIsAConflictShowingTheNewState() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--samples", "30", "--log", log]).status == 0)
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()

        let list = try server.deskGet("samples?status=all&limit=3", cookie: cookie)
        let cards = try #require(list.json["samples"] as? [[String: Any]])
        let id = try #require(cards.first?["id"] as? String)
        let seen = try #require(cards.first?["last_seq"] as? Int)
        // last_seq is the sample's last event: what its history ends with.
        let history = try tool.run(["history", id, "--format", "json", "--log", log])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout)) as? [[String: Any]])
        #expect(entries.last?["seq"] as? Int == seen)

        // The app relabels the sample after the reviewer saw it.
        let app = #"{"type":"sample.relabeled","sample_id":"\#(id)","label":"by-the-app","actor":"app"}"#
        let appended = try server.request("POST", "/v1/events", body: app)
        #expect(appended.status == 201)
        let changedAt = try #require((appended.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int)

        // The reviewer's relabel and delete of the card as seen: 409, the new state, nothing appended.
        let before = try storedRecords(log).count
        for (route, body) in [("relabel", #"{"sample_id":"\#(id)","expect_last_seq":\#(seen),"label":"mint"}"#),
                              ("delete", #"{"sample_id":"\#(id)","expect_last_seq":\#(seen),"reason":"blurred"}"#)] {
            let stale = try server.deskPost(route, body, cookie: cookie)
            #expect(stale.status == 409, "\(route): \(stale.text)")
            #expect(stale.json["conflict"] as? Bool == true)
            #expect(stale.json["expected"] as? Int == seen && stale.json["changed_at"] as? Int == changedAt)
            let now = stale.json["sample"] as? [String: Any]
            #expect(now?["label"] as? String == "by-the-app" && now?["last_seq"] as? Int == changedAt)
            #expect((stale.json["error"] as? String)?.contains("nothing was saved") == true)
        }
        #expect(try storedRecords(log).count == before)

        // With the new last_seq the relabel goes through, and the card moves on to its seq.
        let fresh = try server.deskPost("relabel", #"{"sample_id":"\#(id)","expect_last_seq":\#(changedAt),"label":"mint"}"#, cookie: cookie)
        #expect(fresh.status == 201, "\(fresh.text)")
        let seq = try #require(fresh.json["seq"] as? Int)
        #expect((fresh.json["sample"] as? [String: Any])?["last_seq"] as? Int == seq)
        #expect((fresh.json["sample"] as? [String: Any])?["label"] as? String == "mint")
        // A request without a precondition is refused: the desk always says what it saw.
        let bare = try server.deskPost("relabel", #"{"sample_id":"\#(id)","label":"x"}"#, cookie: cookie)
        #expect(bare.status == 400)
    }
}
