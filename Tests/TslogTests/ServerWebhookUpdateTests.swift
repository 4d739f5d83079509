import Foundation
import Testing

/// `POST /v1/hooks/supabase`, UPDATE of metadata columns: what changed between `old_record`
/// and `record` becomes one `sample.updated` (set what changed, clear what became NULL), over a
/// real socket; a repeated delivery appends nothing.
@Suite("tslog serve: the Supabase webhook updates metadata")
struct ServerWebhookUpdateTests {
    static let id = "0d6a1f3e-2b4c-4d5e-8f60-718293a4b5c6"

    static func row(url: String = "https://cdn.example/a.jpg", path: String = "a.jpg", scan: String? = "scan-1",
                    region: String? = "spine", crop: String = #"{"x":1,"y":2,"width":30,"height":40}"#,
                    width: String = "640", height: String = "null", size: String = "null", nyckel: String? = "ns_1") -> String {
        func text(_ v: String?) -> String { v.map { "\"\($0)\"" } ?? "null" }
        return #"{"id":"\#(id)","created_at":"2026-11-25 12:00:00+00","image_url":"\#(url)","image_path":"\#(path)","label":"near_mint","label_type":"grade","nyckel_function_id":"fn_1","nyckel_sample_id":\#(text(nyckel)),"nyckel_status":"accepted","source_scan_id":\#(text(scan)),"region_name":\#(text(region)),"crop_data":\#(crop),"image_width":\#(width),"image_height":\#(height),"file_size_bytes":\#(size)}"#
    }

    static func change(_ type: String, _ record: String?, _ old: String?) -> String {
        #"{"type":"\#(type)","table":"training_samples","schema":"public","record":\#(record ?? "null"),"old_record":\#(old ?? "null")}"#
    }

    @Test func metadataChangesBecomeOneUpdate() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        func deliver(_ body: String) throws -> HTTPResult { try server.request("POST", "/v1/hooks/supabase", body: body) }
        func records() throws -> [[String: Any]] { try storedRecords(server.log) }

        #expect(try deliver(Self.change("INSERT", Self.row(), nil)).status == 201)
        let before = try records().count
        // Backfilled sizes, a fixed crop, a moved image, a renamed region, the scan id gone.
        let new = Self.row(url: "https://cdn.example/moved.jpg", path: "moved.jpg", scan: nil, region: "corner",
                           crop: #"{"x":0,"y":0,"width":50.5,"height":60}"#, height: "480", size: "48213")
        let update = Self.change("UPDATE", new, Self.row())
        let first = try deliver(update)
        #expect(first.status == 201, "\(first.text)")
        let stored = try records()
        #expect(stored.count == before + 1)
        #expect(stored.last?["type"] as? String == "sample.updated")
        let data = stored.last?["data"] as? [String: Any] ?? [:]
        #expect(data["image_url"] as? String == "https://cdn.example/moved.jpg")
        #expect(data["image_path"] as? String == "moved.jpg")
        #expect(data["region_name"] as? String == "corner")
        #expect(data["crop_data"] as? [String: Double] == ["x": 0, "y": 0, "width": 50.5, "height": 60])
        #expect(data["image_height"] as? Int == 480 && data["file_size_bytes"] as? Int == 48213)
        #expect(data["clear"] as? [String] == ["source_scan_id"])
        #expect(data["image_width"] == nil && data["source_scan_id"] == nil, "unchanged columns are not repeated")
        #expect(data["actor"] as? String == "app", "the actor is who authenticated")
        // Delivered again: a duplicate, nothing appended.
        let again = try deliver(update)
        #expect(again.status == 200 && again.json["appended"] as? Int == 0)
        // Clearing the Nyckel sample id and the sizes: an update with only a clear list.
        let cleared = Self.row(url: "https://cdn.example/moved.jpg", path: "moved.jpg", scan: nil, region: "corner",
                               crop: "null", width: "null", nyckel: nil)
        let clear = try deliver(Self.change("UPDATE", cleared, new))
        #expect(clear.status == 201, "\(clear.text)")
        let last = try records().last?["data"] as? [String: Any] ?? [:]
        #expect(last["clear"] as? [String] == ["nyckel_sample_id", "crop_data", "image_width", "image_height", "file_size_bytes"])
        #expect(try server.stop() == 0)
        // The table now has the new row.
        let export = runInProcess(["export", "--log", server.log, "--format", "jsonl"])
        #expect(export.status == 0)
        let row = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(row["image_url"] as? String == "https://cdn.example/moved.jpg" && row["image_path"] as? String == "moved.jpg")
        #expect(row["region_name"] as? String == "corner" && row["source_scan_id"] is NSNull)
        #expect(row["crop_data"] is NSNull && row["image_width"] is NSNull && row["image_height"] is NSNull)
        #expect(row["file_size_bytes"] is NSNull && row["nyckel_sample_id"] is NSNull)
        #expect(row["label"] as? String == "near_mint" && row["nyckel_status"] as? String == "accepted")
    }
}
