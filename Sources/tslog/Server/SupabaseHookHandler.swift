import EventLog
import Projections
import SampleDomain

/// `POST /v1/hooks/supabase`: a Supabase Database Webhook's row change of `training_samples`
/// becomes the events that take the log from `old_record` to `record` (see `WebhookChange`),
/// appended all or nothing, answered as `POST /v1/events` answers. A repeated delivery of the
/// same change is all duplicates: 200, nothing appended.
struct SupabaseHookHandler {
    let appender: EventAppender
    let metrics: Metrics

    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        let change: WebhookChange
        let lines: [[UInt8]]
        let now = Timestamp.now()
        do {
            change = try WebhookChange.parse(request.body)
            lines = try change.events(now: now)
        } catch {
            var w = JSONWriter()
            w.beginObject()
            w.key("error"); w.string("nothing appended: the webhook's change cannot be applied")
            w.key("problems"); w.beginArray()
            w.beginObject()
            w.key("line"); w.int(error.line)
            w.key("field"); w.string(error.column)
            w.key("message"); w.string(error.message)
            w.endObject()
            w.endArray()
            w.endObject()
            return .response(.json(422, w))
        }
        var numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: $0.element) }
        if let name = caller.name {
            for i in numbered.indices { numbered[i].bytes = ActorDefault.apply(name, to: numbered[i].bytes, now: now) }
        }
        return .response(try AppendEventsHandler.append(numbered, skipInvalid: false, appender: appender, metrics: metrics))
    }
}
