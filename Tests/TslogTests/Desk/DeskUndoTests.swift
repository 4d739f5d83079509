import Foundation
import TestSupport
import Testing

/// The desk's Undo through the running server: Undo twice takes back two relabels of one sample
/// (the second undo expects the first undo's event, not the action's own, which is no longer the
/// sample's last), and an action that can no longer be undone (someone changed its sample since)
/// answers 409 once and leaves the list, so the next Undo takes back the action before it.
/// Before, the second undo of one sample was a 409 blaming "someone", and after any undo
/// conflict every later Undo of the session was that same 409.
struct DeskUndoTests {
    @Test func undoTwiceOnOneSampleAndPastAConflict() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        #expect(try tool.run(["demo", "--samples", "30", "--log", log]).status == 0)
        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        func post(_ route: String, _ body: String) throws -> HTTPResult { try server.deskPost(route, body, cookie: cookie) }
        /// The sample's card as the desk shows it now.
        func card(_ id: String) throws -> [String: Any] {
            try #require(try server.request("GET", "/desk/api/sample?id=\(id)", token: nil, headers: [cookie]).json["sample"] as? [String: Any])
        }
        /// Relabels `id` as its card shows it now.
        func relabel(_ id: String, _ label: String) throws {
            let seen = try #require(try card(id)["last_seq"] as? Int)
            let r = try post("relabel", #"{"sample_id":"\#(id)","expect_last_seq":\#(seen),"label":"\#(label)"}"#)
            #expect(r.status == 201, "\(r.text)")
        }
        /// The app relabels `id` (POST /v1/events): a change by someone else.
        func appRelabels(_ id: String) throws {
            let app = #"{"type":"sample.relabeled","sample_id":"\#(id)","label":"by-the-app","actor":"app"}"#
            #expect(try server.request("POST", "/v1/events", body: app).status == 201)
        }
        func label(_ r: HTTPResult) -> String? { (r.json["sample"] as? [String: Any])?["label"] as? String }

        let list = try server.request("GET", "/desk/api/samples?status=all&limit=2", token: nil, headers: [cookie])
        let cards = try #require(list.json["samples"] as? [[String: Any]])
        try #require(cards.count == 2)
        let a = try #require(cards[0]["id"] as? String), b = try #require(cards[1]["id"] as? String)
        let bLabel = try #require(cards[1]["label"] as? String)

        // One relabel of sample a, then two of sample b: Undo twice brings b back.
        try relabel(a, "first-a")
        try relabel(b, "first-b")
        try relabel(b, "second-b")
        let undo1 = try post("undo", "{}")
        #expect(undo1.status == 201 && label(undo1) == "first-b", "\(undo1.text)")
        let undo2 = try post("undo", "{}")
        #expect(undo2.status == 201 && label(undo2) == bLabel, "the second undo of one sample: \(undo2.text)")

        // The app relabels sample a after the reviewer did: that relabel can no longer be undone.
        try appRelabels(a)
        let blocked = try post("undo", "{}")
        #expect(blocked.status == 409 && blocked.json["conflict"] as? Bool == true, "\(blocked.text)")
        // It left the list, which is empty now: not the same 409 again.
        let empty = try post("undo", "{}")
        #expect(empty.status == 409 && empty.json["conflict"] == nil, "\(empty.text)")
        #expect((empty.json["error"] as? String)?.contains("nothing to undo") == true, "\(empty.text)")

        // Past a conflict, the next Undo takes back the action before it.
        try relabel(a, "mine-a")
        try relabel(b, "mine-b")
        try appRelabels(b)
        #expect(try post("undo", "{}").status == 409)
        let past = try post("undo", "{}")
        #expect(past.status == 201 && label(past) == "by-the-app", "undo of a's relabel: \(past.text)")
        #expect(try card(a)["label"] as? String == "by-the-app")
    }
}
