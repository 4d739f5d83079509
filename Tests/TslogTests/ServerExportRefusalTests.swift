import Foundation
import Testing

/// `GET /v1/export?format=sql` of rows whose `source_scan_id` is not a uuid (the column's type
/// in the app's table) is refused as `tslog export --format sql` refuses it — with 409 naming
/// `format`, not 500: the server is fine, the log's rows cannot be written as that SQL, and a
/// 5xx would page whoever watches the server and make clients retry a request that cannot succeed.
@Suite("tslog serve: an export the log's rows cannot fill")
struct ServerExportRefusalTests {
    @Test func anSQLExportOfANonUUIDScanIDIsA409NamingFormat() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let scan = #"{"type":"sample.submitted","sample_id":"\#(ServerLines.sampleID(2))","image_url":"https://x.example/2.jpg","image_path":"2.jpg","label":"near_mint","label_type":"grade","source_scan_id":"scan-42"}"#
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1) + "\n" + scan).status == 201)

        let printed = try BinaryRunner.locate().run(["export", "--format", "sql", "--log", server.log])
        #expect(printed.status == 1 && printed.stderrText.contains("nothing exported: source_scan_id is a uuid column"))
        for target in ["/v1/export?format=sql", "/v1/export?format=sql&sql_form=upsert"] {
            let refused = try server.request("GET", target, token: ServerProcess.readToken)
            #expect(refused.status == 409, "\(target): \(refused.status) \(refused.text)")
            #expect(refused.json["parameter"] as? String == "format", "\(target): \(refused.text)")
            #expect((refused.json["error"] as? String)?.hasPrefix("nothing exported: source_scan_id is a uuid column") == true,
                    "\(target): \(refused.text)")
        }
        // The other formats carry the value as text, and a filter that leaves the row out is fine.
        #expect(try server.request("GET", "/v1/export?format=csv", token: ServerProcess.readToken).status == 200)
        #expect(try server.request("GET", "/v1/export?format=sql&label=pristine", token: ServerProcess.readToken).status == 200)
        #expect(try server.stop() == 0)
    }
}
