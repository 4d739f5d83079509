import EventLog
import SampleDomain

/// The actor rule: what a token appends is recorded as done by the token's NAME, unless the
/// event names its own `actor`.
///
/// Only the event types that carry an `actor` field (relabels, updates and deletions) are touched; a line
/// that is not a valid event is left as it is, so that validation reports it exactly as
/// `tslog append` would.
enum ActorDefault {
    /// `line` with `"actor": name` when it is a valid relabel, update or deletion without an actor
    /// (absent or null), its `expect_last_seq` kept; otherwise `line` unchanged. A line without `occurred_at` stays without one
    /// (`now` is only a placeholder while it is rewritten).
    static func apply(_ name: String, to line: [UInt8], now: Timestamp) -> [UInt8] {
        guard mayNeedActor(line) else { return line }
        let parsed = InputParser.parse(line, lineNumber: 1)
        guard case .success(let input) = parsed else { return line }
        var event = input.event(defaultTime: now)
        switch event.body {
        case .relabeled(var r) where r.actor == nil:
            r.actor = name
            event.body = .relabeled(r)
        case .deleted(var d) where d.actor == nil:
            d.actor = name
            event.body = .deleted(d)
        case .updated(var u) where u.actor == nil:
            u.actor = name
            event.body = .updated(u)
        default:
            return line
        }
        var rewritten = Array(SampleDomain.InputLine.encode(event, eventID: input.eventID).utf8)
        if input.occurredAt == nil {
            // Leave the time to the append, as for any line without one: drop the member the
            // encoder wrote (it follows sample_id in the canonical layout).
            let member = Array(",\"occurred_at\":\"\(SampleDomain.InputLine.timeText(event.occurredAt, .microseconds))\"".utf8)
            if let range = rewritten.firstRange(of: member) { rewritten.removeSubrange(range) }
        }
        if let expected = input.expectLastSeq, rewritten.last == UInt8(ascii: "}") {
            // The precondition is not part of the event: carry it over from the line.
            rewritten.insert(contentsOf: Array(",\"expect_last_seq\":\(expected)".utf8), at: rewritten.count - 1)
        }
        return rewritten
    }

    /// A cheap filter: only a line whose bytes hold `relabeled`, `updated` or `deleted`, or any escape (a
    /// type may be spelled with `\u` escapes), can be one the rule applies to.
    private static func mayNeedActor(_ line: [UInt8]) -> Bool {
        if line.contains(UInt8(ascii: "\\")) { return true }
        return contains(line, "relabeled") || contains(line, "updated") || contains(line, "deleted")
    }

    private static func contains(_ line: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard line.count >= w.count else { return false }
        var i = 0
        while i <= line.count - w.count {
            if line[i] == w[0], line[i..<(i + w.count)].elementsEqual(w) { return true }
            i += 1
        }
        return false
    }
}
