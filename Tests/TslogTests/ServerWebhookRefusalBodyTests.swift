import Foundation
import Testing

/// A Supabase webhook change that cannot be applied is answered with the same 422 body as a
/// refused `POST /v1/events` (one writer, `AppendEventsHandler.refusal`): pinned byte for byte,
/// the column at fault as `field`, and nothing appended.
@Suite("tslog serve: the webhook's 422 body")
struct ServerWebhookRefusalBodyTests {
    @Test func aChangeThatCannotBeAppliedIsRefusedLikeAnAppend() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        defer { _ = try? server.stop() }
        let change = #"{"type":"INSERT","table":"training_samples","schema":"public","record":{"id":"not-a-uuid"},"old_record":null}"#
        let r = try server.request("POST", "/v1/hooks/supabase", body: change)
        #expect(r.status == 422)
        #expect(r.text == #"{"error":"nothing appended: the webhook's change cannot be applied","problems":[{"line":1,"field":"record.created_at","message":"must not be empty"}]}"# + "\n")
        #expect(try server.request("GET", "/v1/events").body.isEmpty)
    }
}
