import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// The desk's image filters: `images=conflicts` and `images=mismatches` keep exactly the samples
/// `tslog images check` lists under those names, and the count is theirs; image events appended
/// while the server runs move the filters without a restart.
struct DeskImageFilterTests {
    static func id(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", n) }

    static func submit(_ n: Int, label: String, width: Int? = nil) -> String {
        let w = width.map { ",\"image_width\":\($0)" } ?? ""
        return #"{"type":"sample.submitted","sample_id":"\#(id(n))","image_url":"https://x.example/\#(n).png","image_path":"\#(n).png","label":"\#(label)","label_type":"grade"\#(w)}"#
    }

    /// An `image.fetched` of sample `n` for the stored `png` (a 48×48 drawn crop).
    static func fetched(_ n: Int, _ png: (bytes: [UInt8], stored: BlobStore.Stored)) -> String {
        #"{"type":"image.fetched","sample_id":"\#(id(n))","url":"https://x.example/\#(n).png","sha256":"\#(png.stored.sha256)","bytes":\#(png.bytes.count),"format":"png","width":48,"height":48}"#
    }

    /// A drawn 48×48 PNG crop (`DemoCrop.png(key:)`) put in the blob store of `log`.
    static func store(_ key: String, in log: String) throws -> (bytes: [UInt8], stored: BlobStore.Stored) {
        let bytes = DemoCrop.png(key: key)
        return (bytes, try BlobStore(logDirectory: log).put(bytes))
    }

    @Test func conflictAndMismatchFiltersAreWhatImagesCheckLists() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        func append(_ lines: [String]) throws { try tool.append(lines, to: log) }
        // 1 and 2: the same bytes under two labels (a conflict); 3: its own bytes, a recorded
        // width that is not the image's (a mismatch); 4 and 5: the same bytes, one label (a plain
        // duplicate: neither); 6: no image.
        try append([Self.submit(1, label: "mint"), Self.submit(2, label: "poor"), Self.submit(3, label: "good", width: 640),
                    Self.submit(4, label: "fair"), Self.submit(5, label: "fair"), Self.submit(6, label: "fair")])
        let a = try Self.store("grade/a", in: log), b = try Self.store("grade/b", in: log), c = try Self.store("grade/c", in: log)
        try append([Self.fetched(1, a), Self.fetched(2, a), Self.fetched(3, b), Self.fetched(4, c)])

        let server = try ServerProcess(directory: dir.path, log: log)
        defer { _ = try? server.stop() }
        let cookie = try server.deskCookie()
        func filtered(_ query: String) throws -> (total: Int?, ids: [String]) {
            let r = try server.request("GET", "/desk/api/samples?status=all&\(query)", token: nil, headers: [cookie])
            #expect(r.status == 200, "\(query): \(r.text)")
            return (r.json["total"] as? Int, ((r.json["samples"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted())
        }
        // What tslog images check says, sample by sample.
        let check = try tool.run(["images", "check", "--log", log, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout)) as? [String: Any])
        let conflicts = Set(((report["conflicts"] as? [[String: Any]]) ?? []).flatMap { ($0["sample_ids"] as? [String]) ?? [] })
        let mismatches = Set(((report["mismatches"] as? [[String: Any]]) ?? []).compactMap { $0["sample_id"] as? String })
        #expect(conflicts == [Self.id(1), Self.id(2)])
        #expect(mismatches == [Self.id(3)])

        let c1 = try filtered("images=conflicts")
        #expect(c1.total == 2 && c1.ids == conflicts.sorted())
        let m1 = try filtered("images=mismatches")
        #expect(m1.total == 1 && m1.ids == mismatches.sorted())
        #expect(try filtered("images=conflicts&label=mint").ids == [Self.id(1)])
        #expect(try server.request("GET", "/desk/api/samples?images=blurry", token: nil, headers: [cookie]).status == 400)

        // Sample 5 gets sample 1's bytes through the server (a third label-different sample of
        // them); the filter follows without a restart.
        #expect(try server.request("POST", "/v1/events", body: Self.fetched(5, a)).status == 201)
        let c2 = try filtered("images=conflicts")
        #expect(c2.total == 3 && c2.ids == [Self.id(1), Self.id(2), Self.id(5)])
    }
}
