import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// A sample's page lists the other live samples with the same stored bytes: exactly the other
/// members of its group in `tslog images check`'s duplicates, with their labels (as JSON text),
/// and it follows image events and deletions appended while the server runs.
struct DeskSameBytesTests {
    typealias F = DeskImageFilterTests

    @Test func sameBytesAreImagesCheckDuplicatesSeenFromOneSample() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        func append(_ lines: [String]) throws { try tool.append(lines, to: log) }
        let xss = "<img src=x onerror=alert(1)>"
        // 1, 2 and 7: bytes a (2 has a hostile label; 7 is deleted later); 3: bytes b alone;
        // 4 and 5: bytes c, one label; 6: no image.
        try append([F.submit(1, label: "mint"), F.submit(2, label: xss), F.submit(3, label: "good"),
                    F.submit(4, label: "fair"), F.submit(5, label: "fair"), F.submit(6, label: "fair"),
                    F.submit(7, label: "mint")])
        let a = try F.store("grade/a", in: log), b = try F.store("grade/b", in: log), c = try F.store("grade/c", in: log)
        try append([F.fetched(1, a), F.fetched(2, a), F.fetched(3, b), F.fetched(4, c), F.fetched(5, c), F.fetched(7, a),
                    #"{"type":"sample.deleted","sample_id":"\#(F.id(7))","reason":"blurry"}"#])

        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        func same(_ n: Int) throws -> [String: Any]? {
            let r = try server.request("GET", "/desk/api/sample?id=\(F.id(n))", token: nil, headers: [cookie])
            try #require(r.status == 200, "\(r.text)")
            return r.json["same_bytes"] as? [String: Any]
        }
        func others(_ n: Int) throws -> [String] {
            ((try same(n)?["samples"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        }

        // Every member of every duplicate group images check lists sees exactly the others.
        let check = try tool.run(["images", "check", "--log", log, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout)) as? [String: Any])
        let groups = ((report["duplicates"] as? [[String: Any]]) ?? []).map { ($0["sample_ids"] as? [String]) ?? [] }
        #expect(Set(groups.map { Set($0) }) == [[F.id(1), F.id(2)], [F.id(4), F.id(5)]])
        for group in groups {
            for member in group {
                let n = Int(member.suffix(12))!
                #expect(try Set(others(n)) == Set(group).subtracting([member]), "sample \(n)")
            }
        }
        let one = try #require(try same(1))
        #expect(one["sha256"] as? String == a.stored.sha256)
        #expect(one["total"] as? Int == 1)
        #expect(one["labels_differ"] as? Bool == true)
        let listed = try #require((one["samples"] as? [[String: Any]])?.first)
        #expect(listed["label"] as? String == xss)  // the label as text; the page puts it in with textContent
        #expect(listed["label_type"] as? String == "grade")
        #expect(try same(4)?["labels_differ"] as? Bool == false)
        #expect(try same(3)?["total"] as? Int == 0)
        #expect(try same(6) == nil)
        // A deleted sample's page still says who shares its bytes now.
        #expect(try Set(others(7)) == [F.id(1), F.id(2)])

        // Appended while the server runs: 6 gets bytes a; 2 is fetched again with other bytes (b).
        #expect(try server.request("POST", "/v1/events", body: F.fetched(6, a) + "\n" + F.fetched(2, b)).status == 201)
        #expect(try Set(others(1)) == [F.id(6)])
        #expect(try others(3) == [F.id(2)])
        #expect(try same(1)?["labels_differ"] as? Bool == true)  // mint and fair
        // The conflicts filter (read from the same index) is still what images check lists.
        let after = try tool.run(["images", "check", "--log", log, "--format", "json"])
        let afterReport = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout)) as? [String: Any])
        let conflicted = Set(((afterReport["conflicts"] as? [[String: Any]]) ?? []).flatMap { ($0["sample_ids"] as? [String]) ?? [] })
        #expect(conflicted == [F.id(1), F.id(6), F.id(2), F.id(3)])
        let filtered = try server.request("GET", "/desk/api/samples?status=all&images=conflicts", token: nil, headers: [cookie])
        let ids = ((filtered.json["samples"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        #expect(Set(ids) == conflicted && filtered.json["total"] as? Int == conflicted.count)
        #expect(try server.request("POST", "/v1/events", body: #"{"type":"sample.deleted","sample_id":"\#(F.id(6))","reason":"dup"}"#).status == 201)
        #expect(try same(1)?["total"] as? Int == 0)
    }
}
