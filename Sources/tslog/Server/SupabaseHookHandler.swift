import EventLog
import Projections
import SampleDomain

/// `POST /v1/hooks/supabase`: a Supabase Database Webhook's row change of `training_samples`
/// becomes the events that take the log from `old_record` to `record` (see `WebhookChange`),
/// appended all or nothing, answered as `POST /v1/events` answers. A repeated delivery of the
/// same change is all duplicates: 200, nothing appended.
///
/// The event ids come from the change's content, so a new change identical to an earlier one
/// (A → B, B → A, then A → B again) first looks like a repeated delivery. It is told apart by
/// the log's current row: if the sample is not already as the change leaves it, the change is
/// stored again under its next occurrence's ids (`…-r1-n`, `…-r2-n`), each of them again
/// idempotent.
struct SupabaseHookHandler {
    let appender: EventAppender
    let metrics: Metrics
    let live: LiveState
    /// Occurrences of one identical change looked up at most (a bound on the index lookups).
    static let maxOccurrences = 1_000

    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        let change: WebhookChange
        let lines: [[UInt8]]
        let now = Timestamp.now()
        do {
            change = try WebhookChange.parse(request.body)
            lines = try change.events(now: now)
        } catch {
            // The same 422 body as a refused POST /v1/events, the one problem named by its column.
            let problem = InputError(line: error.line, field: error.column, message: error.message)
            return .response(AppendEventsHandler.refusal([problem], message: "nothing appended: the webhook's change cannot be applied"))
        }
        let first = try append(lines, caller: caller, now: now)
        // 200 with events: every one was stored already — a repeated delivery, or the same
        // change made anew (looked up only then, so a new change costs one append as before).
        guard first.status == 200, !lines.isEmpty, let later = laterOccurrence(of: change, now: now) else {
            return .response(first)
        }
        return .response(try append(later, caller: caller, now: now))
    }

    /// Appends `lines` as `POST /v1/events` does, the actor being the caller.
    private func append(_ lines: [[UInt8]], caller: Caller, now: Timestamp) throws -> HTTPResponse {
        var numbered = lines.enumerated().map { (number: $0.offset + 1, bytes: $0.element) }
        if let name = caller.name {
            for i in numbered.indices { numbered[i].bytes = ActorDefault.apply(name, to: numbered[i].bytes, now: now) }
        }
        return try AppendEventsHandler.append(numbered, skipInvalid: false, appender: appender, metrics: metrics)
    }

    /// For a change whose first occurrence is stored: the lines of the last stored occurrence
    /// when the sample already is as the change leaves it and that is not the first (a repeated
    /// delivery: all duplicates, that occurrence's receipts), else the next occurrence's. Nil:
    /// the first occurrence's answer stands.
    private func laterOccurrence(of change: WebhookChange, now: Timestamp) -> [[UInt8]]? {
        guard let id = change.sampleID else { return nil }
        var stored = 1
        while stored < Self.maxOccurrences, appender.isStored(eventID: change.firstEventID(occurrence: stored)) { stored += 1 }
        if change.isApplied(current: currentRow(id), now: now) {
            return stored == 1 ? nil : try? change.events(now: now, occurrence: stored - 1)
        }
        return try? change.events(now: now, occurrence: stored)
    }

    /// The sample's live row as the server's projections hold it (nil: not live); they are
    /// caught up after every commit, before its callers are answered.
    private func currentRow(_ id: SampleID) -> TableRowState? {
        return (try? live.snapshot().projections.readRow(id))??.tableRowState
    }
}
