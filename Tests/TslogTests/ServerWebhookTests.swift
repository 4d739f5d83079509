import Foundation
import Testing

/// `POST /v1/hooks/supabase`: each kind of row change becomes the events `tslog import` would
/// write for it; a repeated delivery appends nothing.
@Suite("tslog serve: the Supabase webhook")
struct ServerWebhookTests {
    static let id = "6f1c1a52-9d43-4f39-a1b5-3f8e2d7c9b10"

    static func row(label: String = "near_mint", labelType: String = "grade", status: String = "submitted",
                    nyckelSampleID: String? = nil, functionID: String? = "fn_1") -> String {
        func text(_ v: String?) -> String { v.map { "\"\($0)\"" } ?? "null" }
        return #"{"id":"\#(id)","created_at":"2026-11-25 12:00:00.5+00","image_url":"https://cdn.example/a.jpg","image_path":"a.jpg","label":"\#(label)","label_type":"\#(labelType)","nyckel_function_id":\#(text(functionID)),"nyckel_sample_id":\#(text(nyckelSampleID)),"nyckel_status":"\#(status)","source_scan_id":null,"region_name":null,"crop_data":{"x":1,"y":2,"width":30,"height":40},"image_width":640,"image_height":null,"file_size_bytes":null,"extra_column":true}"#
    }

    static func change(_ type: String, _ record: String?, _ old: String?, table: String = "training_samples",
                       schema: String = #""public""#) -> String {
        #"{"type":"\#(type)","table":"\#(table)","schema":\#(schema),"record":\#(record ?? "null"),"old_record":\#(old ?? "null")}"#
    }

    /// Deliveries out of order (pg_net sends in concurrent batches), as docs/http.md's table says:
    /// updates of different columns swapped give the table's row; two updates of one column
    /// swapped leave the older value (the rows carry nothing that orders them); an UPDATE before
    /// its INSERT is a 422 naming the sample, and the INSERT then stores its own row.
    @Test func deliveriesOutOfOrderEndAsTheDocsSay() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        func deliver(_ body: String) throws -> HTTPResult { try server.request("POST", "/v1/hooks/supabase", body: body) }
        func row() throws -> [String: Any] {
            let r = try server.request("GET", "/v1/export?format=json")
            return try #require((try JSONSerialization.jsonObject(with: Data(r.body)) as? [[String: Any]])?.first)
        }
        // An UPDATE before its INSERT: refused, nothing appended; the INSERT stores its row.
        let early = try deliver(Self.change("UPDATE", Self.row(status: "accepted", nyckelSampleID: "n1"), Self.row()))
        #expect(early.status == 422, "\(early.text)")
        let problem = (early.json["problems"] as? [[String: Any]])?.first
        #expect(problem?["field"] as? String == "sample_id" && problem?["message"] as? String == "no sample \(Self.id) exists")
        #expect(try server.request("GET", "/v1/events").body.isEmpty)
        #expect(try deliver(Self.change("INSERT", Self.row(), nil)).status == 201)
        #expect(try row()["nyckel_status"] as? String == "submitted")

        // Different columns, swapped (the label, then Nyckel's answer, arriving answer first).
        let labelled = Self.row(label: "mint")
        let answered = Self.row(label: "mint", status: "accepted", nyckelSampleID: "n1")
        #expect(try deliver(Self.change("UPDATE", answered, labelled)).status == 201)
        #expect(try deliver(Self.change("UPDATE", labelled, Self.row())).status == 201)
        #expect(try row()["label"] as? String == "mint" && row()["nyckel_status"] as? String == "accepted")

        // One column, swapped: mint → worn then worn → torn arrive torn first; the log ends at worn.
        let worn = Self.row(label: "worn", status: "accepted", nyckelSampleID: "n1")
        let torn = Self.row(label: "torn", status: "accepted", nyckelSampleID: "n1")
        #expect(try deliver(Self.change("UPDATE", torn, worn)).status == 201)
        #expect(try deliver(Self.change("UPDATE", worn, answered)).status == 201)
        #expect(try row()["label"] as? String == "worn")
        #expect(try server.stop() == 0)
    }

    /// `schema` was never read: a change of a `training_samples` table in another schema (a
    /// staging copy hooked to the same URL) was stored as if it were the app's own table.
    @Test func aChangeOfATableInAnotherSchemaIsRefused() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        for (schema, message) in [(#""staging""#, "is 'staging'; only public.training_samples changes are taken"),
                                  ("null", "must be a string"), ("1", "must be a string")] {
            let r = try server.request("POST", "/v1/hooks/supabase", body: Self.change("INSERT", Self.row(), nil, schema: schema))
            #expect(r.status == 422, "\(schema): \(r.text)")
            let problem = (r.json["problems"] as? [[String: Any]])?.first
            #expect(problem?["field"] as? String == "schema" && problem?["message"] as? String == message, "\(schema): \(r.text)")
        }
        #expect(try server.request("GET", "/v1/events").body.isEmpty)
        #expect(try server.request("POST", "/v1/hooks/supabase", body: Self.change("INSERT", Self.row(), nil)).status == 201)
        #expect(try server.stop() == 0)
    }

    /// The event ids come from the change's content: a label set A → B, back to A, then to B
    /// again, was taken for a repeated delivery of the first change (200, nothing appended) and
    /// the log stayed at A while the table held B; the same for a row deleted and inserted again.
    @Test func anIdenticalChangeMadeAgainIsStoredAgain() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        func deliver(_ body: String) throws -> HTTPResult { try server.request("POST", "/v1/hooks/supabase", body: body) }
        func labels() throws -> [String] {
            try storedRecords(server.log).compactMap { ($0["data"] as? [String: Any])?["label"] as? String }
        }
        #expect(try deliver(Self.change("INSERT", Self.row(label: "mint"), nil)).status == 201)
        let toDamaged = Self.change("UPDATE", Self.row(label: "damaged"), Self.row(label: "mint"))
        let toMint = Self.change("UPDATE", Self.row(label: "mint"), Self.row(label: "damaged"))
        for round in 1...3 {
            let there = try deliver(toDamaged)
            #expect(there.status == 201, "round \(round): \(there.text)")
            // A repeated delivery of what was just stored: the same receipts, nothing appended.
            let again = try deliver(toDamaged)
            #expect(again.status == 200 && again.json["appended"] as? Int == 0, "round \(round): \(again.text)")
            #expect((again.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int
                    == (there.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int)
            #expect(try deliver(toMint).status == 201, "round \(round)")
        }
        #expect(try labels() == ["mint", "damaged", "mint", "damaged", "mint", "damaged", "mint"])

        // Deleted, then inserted again as it was: the second deletion is stored too.
        let delete = Self.change("DELETE", nil, Self.row(label: "mint"))
        #expect(try deliver(delete).status == 201)
        #expect(try deliver(delete).status == 200)
        let insertAgain = Self.change("INSERT", Self.row(label: "mint"), nil)
        #expect(try deliver(insertAgain).status == 201)
        #expect(try deliver(insertAgain).status == 200)
        #expect(try deliver(delete).status == 201)
        #expect(try deliver(delete).status == 200)
        let types = try storedRecords(server.log).map { $0["type"] as? String ?? "" }
        #expect(types.filter { $0 == "sample.deleted" }.count == 2)
        #expect(types.filter { $0 == "sample.submitted" }.count == 2)
        #expect(try server.stop() == 0)
    }

    @Test func insertUpdatesDeleteAndRepeatedDelivery() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        func deliver(_ body: String) throws -> HTTPResult { try server.request("POST", "/v1/hooks/supabase", body: body) }
        func types() throws -> [String] { try storedRecords(server.log).map { $0["type"] as? String ?? "" } }
        func data(_ seq: Int) throws -> [String: Any] { try storedRecords(server.log)[seq - 1]["data"] as? [String: Any] ?? [:] }

        // INSERT: the submission, at created_at.
        let insert = Self.change("INSERT", Self.row(), nil)
        let first = try deliver(insert)
        #expect(first.status == 201, "\(first.text)")
        #expect(try types() == ["sample.submitted"])
        #expect(try data(1)["occurred_at"] as? String == "2026-11-25T12:00:00.500000Z")
        #expect(try data(1)["crop_data"] as? [String: Int] == ["x": 1, "y": 2, "width": 30, "height": 40])
        // The same delivery again: all duplicates, the same receipt seq.
        let again = try deliver(insert)
        #expect(again.status == 200)
        #expect(again.json["appended"] as? Int == 0)
        #expect((again.json["receipts"] as? [[String: Any]])?.first?["seq"] as? Int == 1)

        // UPDATE label: a relabel, recorded as done by the token's name.
        let relabel = Self.change("UPDATE", Self.row(label: "poor"), Self.row())
        #expect(try deliver(relabel).status == 201)
        #expect(try types().last == "sample.relabeled")
        #expect(try data(2)["label"] as? String == "poor")
        #expect(try data(2)["actor"] as? String == "app")
        // UPDATE Nyckel answer: a response carrying the Nyckel sample id.
        let answered = Self.change("UPDATE", Self.row(label: "poor", status: "accepted", nyckelSampleID: "ns_9"), Self.row(label: "poor"))
        #expect(try deliver(answered).status == 201)
        #expect(try types().last == "nyckel.responded")
        #expect(try data(3)["status"] as? String == "accepted" && data(3)["nyckel_sample_id"] as? String == "ns_9")
        // UPDATE function id: a resubmission.
        let resubmitted = Self.change("UPDATE", Self.row(label: "poor", status: "submitted", nyckelSampleID: "ns_9", functionID: "fn_2"),
                                      Self.row(label: "poor", status: "accepted", nyckelSampleID: "ns_9"))
        #expect(try deliver(resubmitted).status == 201)
        #expect(try types().last == "nyckel.resubmitted")
        #expect(try deliver(resubmitted).json["appended"] as? Int == 0)
        // An UPDATE that changes nothing the events carry appends nothing.
        let same = Self.change("UPDATE", Self.row(), Self.row())
        #expect(try deliver(same).status == 200)
        // DELETE: a deletion; repeated, nothing.
        let delete = Self.change("DELETE", nil, Self.row(label: "poor", status: "submitted", nyckelSampleID: "ns_9", functionID: "fn_2"))
        #expect(try deliver(delete).status == 201)
        #expect(try types() == ["sample.submitted", "sample.relabeled", "nyckel.responded", "nyckel.resubmitted", "sample.deleted"])
        #expect(try deliver(delete).status == 200)
        #expect(try types().count == 5)

        // Refused: another table, a bad row, a column no event changes; nothing appended.
        let other = try deliver(Self.change("INSERT", Self.row(), nil, table: "analysis_jobs"))
        #expect(other.status == 422)
        #expect((other.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "table")
        let bad = try deliver(Self.change("INSERT", Self.row(labelType: "color"), nil))
        #expect(bad.status == 422)
        #expect((bad.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "record.label_type")
        #expect(try deliver("{not json").status == 422)
        #expect(try types().count == 5)
        // The webhook needs a write token.
        #expect(try server.request("POST", "/v1/hooks/supabase", token: ServerProcess.readToken, body: insert).status == 403)
        #expect(try server.stop() == 0)
    }
}
