import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// `images=mismatches` is a set the server's fold keeps current (no row is read per request):
/// events appended while it runs — an update that makes a recorded size wrong, a fetch whose
/// image disagrees with the recorded size, an update that fixes one, a delete — move the
/// filter, and after each its samples and count are exactly what `tslog images check` lists
/// under `mismatches`; so after a restart from the checkpoint the first start left.
struct DeskMismatchLiveTests {
    typealias F = DeskImageFilterTests

    @Test func theMismatchFilterFollowsLiveAppendsAndEqualsImagesCheck() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        func append(_ lines: [String]) throws { try tool.append(lines, to: log) }
        // 1: recorded width 48 (the image's: no mismatch); 2: recorded 640 (a mismatch);
        // 3: no size recorded; 4: no image yet, a recorded file size of 12 bytes.
        let sized = #"{"type":"sample.submitted","sample_id":"\#(F.id(4))","image_url":"https://x.example/4.png","image_path":"4.png","label":"good","label_type":"grade","file_size_bytes":12}"#
        try append([F.submit(1, label: "mint", width: 48), F.submit(2, label: "poor", width: 640), F.submit(3, label: "fair"), sized])
        let a = try F.store("grade/a", in: log), b = try F.store("grade/b", in: log), c = try F.store("grade/c", in: log)
        try append([F.fetched(1, a), F.fetched(2, b), F.fetched(3, c)])

        var server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        var session = try server.deskCookie()
        func filtered() throws -> (total: Int?, ids: [String]) {
            let r = try server.request("GET", "/desk/api/samples?status=all&images=mismatches", token: nil, headers: [session])
            #expect(r.status == 200, "\(r.text)")
            return (r.json["total"] as? Int, ((r.json["samples"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted())
        }
        func checked() throws -> [String] {
            let check = try tool.run(["images", "check", "--log", log, "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout)) as? [String: Any])
            return Set(((report["mismatches"] as? [[String: Any]]) ?? []).compactMap { $0["sample_id"] as? String }).sorted()
        }
        func expectFilter(_ expected: [String], _ step: String) throws {
            let got = try filtered()
            #expect(try checked() == expected, "images check, \(step)")
            #expect(got.ids == expected && got.total == expected.count, "\(step): \(got)")
        }
        func post(_ line: String) throws {
            let r = try server.request("POST", "/v1/events", body: line)
            #expect(r.status == 201, "\(r.text)")
        }
        try expectFilter([F.id(2)], "at start")

        // Created live: an update gives sample 1 a height its image does not have.
        try post(#"{"type":"sample.updated","sample_id":"\#(F.id(1))","image_height":999}"#)
        try expectFilter([F.id(1), F.id(2)], "after an update made a mismatch")
        // Created live by a fetch: sample 4's image is not 12 bytes.
        try post(F.fetched(4, a))
        try expectFilter([F.id(1), F.id(2), F.id(4)], "after a fetch made a mismatch")
        // Resolved live: sample 2's width fixed; sample 1's height cleared; sample 4 deleted.
        try post(#"{"type":"sample.updated","sample_id":"\#(F.id(2))","image_width":48}"#)
        try expectFilter([F.id(1), F.id(4)], "after an update fixed a mismatch")
        try post(#"{"type":"sample.updated","sample_id":"\#(F.id(1))","clear":["image_height"]}"#)
        try post(#"{"type":"sample.deleted","sample_id":"\#(F.id(4))","reason":"bad crop"}"#)
        try expectFilter([], "after a clear and a delete")
        // Created live again: sample 3 gets a recorded width that is not its image's.
        try post(#"{"type":"sample.updated","sample_id":"\#(F.id(3))","image_width":47}"#)
        try expectFilter([F.id(3)], "after a size was recorded")

        // A restart (from a checkpoint when one was left) gives the same set.
        _ = try server.stop()
        server = try ServerProcess(directory: dir.path, log: log)
        session = try server.deskCookie()
        try expectFilter([F.id(3)], "after a restart")
    }
}
